"""Reads a Nadir SR export with pydicom (an outside oracle) and prints what a TID 1500 reader
would extract, as JSON: header, template, and per measurement group the tracking id, the
concept, the value in mm, the caliper points and the referenced image."""
import json
import sys

import pydicom

ds = pydicom.dcmread(sys.argv[1])


def code(item):
    c = item.ConceptNameCodeSequence[0]
    return [c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning]


groups = []


def walk(items):
    for item in items:
        if item.ValueType == "CONTAINER" and code(item)[0] == "125007":
            g = {}
            for child in item.ContentSequence:
                name = code(child)
                if name[0] == "112039":
                    g["tracking"] = child.TextValue
                elif name[0] == "112040":
                    g["uid"] = child.UID
                elif child.ValueType == "NUM":
                    mv = child.MeasuredValueSequence[0]
                    g["concept"] = name
                    g["value"] = float(mv.NumericValue)
                    g["unit"] = mv.MeasurementUnitsCodeSequence[0].CodeValue
                    for sc in getattr(child, "ContentSequence", []):
                        g["relationship"] = sc.RelationshipType
                        g["graphicType"] = sc.GraphicType
                        g["points"] = [float(v) for v in sc.GraphicData]
                        img = sc.ContentSequence[0].ReferencedSOPSequence[0]
                        g["image"] = img.ReferencedSOPInstanceUID
                elif child.ValueType == "TEXT":
                    g["finding"] = child.TextValue
            groups.append(g)
        if "ContentSequence" in item:
            walk(item.ContentSequence)


walk(ds.ContentSequence)
print(json.dumps({
    "SOPClassUID": ds.SOPClassUID,
    "Modality": ds.Modality,
    "PatientID": ds.PatientID,
    "StudyInstanceUID": ds.StudyInstanceUID,
    "SOPInstanceUID": ds.SOPInstanceUID,
    "MediaStorageSOPInstanceUID": ds.file_meta.MediaStorageSOPInstanceUID,
    "template": ds.ContentTemplateSequence[0].TemplateIdentifier,
    "root": code(ds),
    "completion": ds.CompletionFlag,
    "groups": groups,
}, sort_keys=True))
