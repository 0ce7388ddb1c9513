#!/usr/bin/env python3
"""Writes enhanced_ct_3frames.dcm: a tiny Enhanced CT Image (multi-frame) for NadirDICOM's tests.

3 frames of 4 x 6 pixels, geometry only in functional groups (PS3.3 C.7.6.16): Pixel Measures and
Plane Orientation in the Shared Functional Groups Sequence, Plane Position (Patient) per frame in
the Per-Frame Functional Groups Sequence, Pixel Value Transformation (rescale) shared. Fixed UIDs,
so re-running reproduces the file. Usage: make_enhanced_ct.py OUTPUT.dcm
"""
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

ROOT = "2.25.27823990023181100753293051764683400755.9"
out = sys.argv[1]

meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2.1"  # Enhanced CT Image Storage
meta.MediaStorageSOPInstanceUID = ROOT + ".3"
meta.TransferSyntaxUID = ExplicitVRLittleEndian
meta.ImplementationClassUID = ROOT + ".99"

ds = Dataset()
ds.file_meta = meta
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.StudyInstanceUID = ROOT + ".1"
ds.SeriesInstanceUID = ROOT + ".2"
ds.FrameOfReferenceUID = ROOT + ".4"
ds.PatientID = "ENHANCED-1"
ds.StudyDate = "20240301"
ds.Modality = "CT"
ds.SeriesDescription = "ENHANCED TEST"
ds.InstanceNumber = 1
ds.NumberOfFrames = 3
ds.Rows = 4
ds.Columns = 6
ds.SamplesPerPixel = 1
ds.PhotometricInterpretation = "MONOCHROME2"
ds.BitsAllocated = 16
ds.BitsStored = 16
ds.HighBit = 15
ds.PixelRepresentation = 1

measures = Dataset()
measures.PixelSpacing = [0.5, 0.75]
measures.SliceThickness = 2.0
orientation = Dataset()
orientation.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
transform = Dataset()
transform.RescaleIntercept = -1024
transform.RescaleSlope = 1
transform.RescaleType = "HU"
shared = Dataset()
shared.PixelMeasuresSequence = Sequence([measures])
shared.PlaneOrientationSequence = Sequence([orientation])
shared.PixelValueTransformationSequence = Sequence([transform])
ds.SharedFunctionalGroupsSequence = Sequence([shared])

frames = []
for k in range(3):
    position = Dataset()
    position.ImagePositionPatient = [-10.0, -20.0, 100.0 + 2.0 * k]
    item = Dataset()
    item.PlanePositionSequence = Sequence([position])
    frames.append(item)
ds.PerFrameFunctionalGroupsSequence = Sequence(frames)

pixels = np.arange(3 * 4 * 6, dtype=np.int16).reshape(3, 4, 6) * 10 + 1000
ds.PixelData = pixels.tobytes()
ds.save_as(out, enforce_file_format=True)
