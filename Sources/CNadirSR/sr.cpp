// DICOM SR TID 1500 "Measurement Report" writer over DCMTK dcmsr, behind a C API.
// No C++ exception or OFCondition crosses into Swift: every failure becomes an error text.
#include "nadirsr.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmsr/dsrdoc.h"
#include "dcmtk/dcmsr/dsrcodvl.h"
#include "dcmtk/dcmsr/dsrnumvl.h"
#include "dcmtk/dcmsr/dsrscovl.h"
#include "dcmtk/dcmsr/dsrimgvl.h"
#include "dcmtk/oflog/oflog.h"

#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

namespace {

struct SRError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void set_error(char *error, size_t len, const std::string &message) {
    if (error == nullptr || len == 0) return;
    std::strncpy(error, message.c_str(), len - 1);
    error[len - 1] = 0;
}

std::string str(const char *s) { return s ? std::string(s) : std::string(); }

void check(const OFCondition &c, const std::string &what) {
    if (c.bad()) throw SRError(what + ": " + c.text());
}

/// Builds the content tree with a cursor: add() places a node below or after the current one.
struct Tree {
    DSRDocumentTree &t;
    DSRContentItem &add(DSRTypes::E_RelationshipType rel, DSRTypes::E_ValueType vt, DSRTypes::E_AddMode mode,
                        const DSRCodedEntryValue &concept, const char *what) {
        if (t.addContentItem(rel, vt, mode) == 0)
            throw SRError(std::string("cannot add ") + what + " (not allowed by the Comprehensive SR IOD here)");
        DSRContentItem &item = t.getCurrentContentItem();
        check(item.setConceptName(concept), std::string("concept name of ") + what);
        return item;
    }
    void up() { t.goUp(); }
};

}  // namespace

extern "C" int nsr_write_measurement_report(const nsr_document *doc, const nsr_measurement *items, size_t count,
                                            const char *path, char *error, size_t error_len) {
    try {
        static std::once_flag quiet;
        std::call_once(quiet, [] { OFLog::configure(OFLogger::FATAL_LOG_LEVEL); });
        if (doc == nullptr || path == nullptr) throw SRError("no document or path");
        if (str(doc->study_instance_uid).empty()) throw SRError("StudyInstanceUID (0020,000D) is empty");

        DSRDocument sr(DSRTypes::DT_ComprehensiveSR);
        check(sr.setSpecificCharacterSet("ISO_IR 192"), "SpecificCharacterSet");
        check(sr.createNewSeriesInStudy(str(doc->study_instance_uid)), "StudyInstanceUID");
        check(sr.setPatientID(str(doc->patient_id)), "PatientID (0010,0020)");
        check(sr.setPatientName(str(doc->patient_name)), "PatientName (0010,0010)");
        check(sr.setManufacturer("Nadir"), "Manufacturer");
        check(sr.setSeriesNumber("900"), "SeriesNumber");
        check(sr.setInstanceNumber("1"), "InstanceNumber");
        check(sr.setContentDate(str(doc->content_date)), "ContentDate (0008,0023)");
        check(sr.setContentTime(str(doc->content_time)), "ContentTime (0008,0033)");

        Tree tree{sr.getTree()};
        using T = DSRTypes;
        // TID 1500 root.
        DSRContentItem &root = tree.add(T::RT_isRoot, T::VT_Container, T::AM_afterCurrent,
                                        DSRCodedEntryValue("126000", "DCM", "Imaging Measurement Report"), "root CONTAINER");
        check(root.setTemplateIdentification("1500", "DCMR"), "TID 1500");
        // TID 1204 language, TID 1002 observer context, TID 1502 time point context.
        tree.add(T::RT_hasConceptMod, T::VT_Code, T::AM_belowCurrent,
                 DSRCodedEntryValue("121049", "DCM", "Language of Content Item and Descendants"), "language")
            .setCodeValue(DSRCodedEntryValue("eng", "RFC5646", "English"));
        tree.add(T::RT_hasObsContext, T::VT_Code, T::AM_afterCurrent, DSRCodedEntryValue("121005", "DCM", "Observer Type"), "observer type")
            .setCodeValue(DSRCodedEntryValue("121006", "DCM", "Person"));
        check(tree.add(T::RT_hasObsContext, T::VT_PName, T::AM_afterCurrent,
                       DSRCodedEntryValue("121008", "DCM", "Person Observer Name"), "observer name")
                  .setStringValue(str(doc->observer_name)), "Person Observer Name");
        tree.add(T::RT_hasConceptMod, T::VT_Code, T::AM_afterCurrent, DSRCodedEntryValue("121058", "DCM", "Procedure reported"), "procedure")
            .setCodeValue(DSRCodedEntryValue("363679005", "SCT", "Imaging procedure"));
        check(tree.add(T::RT_hasObsContext, T::VT_Text, T::AM_afterCurrent, DSRCodedEntryValue("C2348792", "UMLS", "Time Point"), "time point")
                  .setStringValue(str(doc->timepoint)), "Time Point");

        // Image Library: every referenced image once.
        tree.add(T::RT_contains, T::VT_Container, T::AM_afterCurrent, DSRCodedEntryValue("111028", "DCM", "Image Library"), "Image Library");
        tree.add(T::RT_contains, T::VT_Container, T::AM_belowCurrent, DSRCodedEntryValue("126200", "DCM", "Image Library Group"), "Image Library Group");
        std::set<std::string> seen;
        bool first = true;
        for (size_t i = 0; i < count; i++) {
            const nsr_measurement &m = items[i];
            std::string sop = str(m.referenced_sop_instance_uid), cls = str(m.referenced_sop_class_uid);
            if (sop.empty() || cls.empty() || !seen.insert(sop).second) continue;
            DSRContentItem &img = tree.add(T::RT_contains, T::VT_Image, first ? T::AM_belowCurrent : T::AM_afterCurrent,
                                           DSRCodedEntryValue("260753009", "SCT", "Source"), "library IMAGE");
            check(img.setImageReference(DSRImageReferenceValue(cls, sop)), "library image " + sop);
            first = false;
        }
        if (!first) tree.up();
        tree.up();  // back to Image Library

        // Imaging Measurements: one Measurement Group (TID 1501) per lesion.
        tree.add(T::RT_contains, T::VT_Container, T::AM_afterCurrent, DSRCodedEntryValue("126010", "DCM", "Imaging Measurements"), "Imaging Measurements");
        for (size_t i = 0; i < count; i++) {
            const nsr_measurement &m = items[i];
            tree.add(T::RT_contains, T::VT_Container, i == 0 ? T::AM_belowCurrent : T::AM_afterCurrent,
                     DSRCodedEntryValue("125007", "DCM", "Measurement Group"), "Measurement Group");
            check(tree.add(T::RT_hasObsContext, T::VT_Text, T::AM_belowCurrent,
                           DSRCodedEntryValue("112039", "DCM", "Tracking Identifier"), "Tracking Identifier")
                      .setStringValue(str(m.tracking_identifier)), "Tracking Identifier " + str(m.tracking_identifier));
            check(tree.add(T::RT_hasObsContext, T::VT_UIDRef, T::AM_afterCurrent,
                           DSRCodedEntryValue("112040", "DCM", "Tracking Unique Identifier"), "Tracking Unique Identifier")
                      .setStringValue(str(m.tracking_uid)), "Tracking Unique Identifier " + str(m.tracking_uid));
            if (m.value_mm >= 0) {
                DSRCodedEntryValue axis = m.short_axis ? DSRCodedEntryValue("103340004", "SCT", "Short Axis")
                                                       : DSRCodedEntryValue("103339001", "SCT", "Long Axis");
                DSRContentItem &num = tree.add(T::RT_contains, T::VT_Num, T::AM_afterCurrent, axis, "NUM");
                char value[64];
                std::snprintf(value, sizeof value, "%.3f", m.value_mm);
                // Trailing zeros off: DS is at most 16 characters and "32.000" reads badly.
                std::string v(value);
                while (v.find('.') != std::string::npos && (v.back() == '0' || v.back() == '.')) {
                    bool dot = v.back() == '.';
                    v.pop_back();
                    if (dot) break;
                }
                check(num.setNumericValue(DSRNumericMeasurementValue(v, DSRCodedEntryValue("mm", "UCUM", "millimeter"))),
                      "NUM value of " + str(m.tracking_identifier));
                std::string sop = str(m.referenced_sop_instance_uid), cls = str(m.referenced_sop_class_uid);
                if (!sop.empty() && !cls.empty()) {
                    DSRSpatialCoordinatesValue line(T::GT_Polyline);
                    line.getGraphicDataList().addItem(static_cast<Float32>(m.x1), static_cast<Float32>(m.y1));
                    line.getGraphicDataList().addItem(static_cast<Float32>(m.x2), static_cast<Float32>(m.y2));
                    check(tree.add(T::RT_inferredFrom, T::VT_SCoord, T::AM_belowCurrent,
                                   DSRCodedEntryValue("111030", "DCM", "Image Region"), "SCOORD").setSpatialCoordinates(line),
                          "caliper of " + str(m.tracking_identifier));
                    DSRImageReferenceValue image(cls, sop);
                    if (m.referenced_frame > 0) image.getFrameList().addItem(m.referenced_frame);
                    check(tree.add(T::RT_selectedFrom, T::VT_Image, T::AM_belowCurrent,
                                   DSRCodedEntryValue("260753009", "SCT", "Source"), "source IMAGE").setImageReference(image),
                          "image of " + str(m.tracking_identifier));
                    tree.up();
                    tree.up();
                }
            } else {
                // A qualitative finding (non-target, new lesion, or a target without a diameter).
                check(tree.add(T::RT_contains, T::VT_Text, T::AM_afterCurrent, DSRCodedEntryValue("121071", "DCM", "Finding"), "Finding")
                          .setStringValue(str(m.finding_site)), "finding of " + str(m.tracking_identifier));
            }
            tree.up();  // back to the Measurement Group
        }

        check(sr.completeDocument(), "CompletionFlag");
        DcmFileFormat file;
        check(sr.write(*file.getDataset()), "writing the SR dataset");
        // Deterministic identifiers chosen by the caller, instead of freshly generated ones.
        DcmDataset *ds = file.getDataset();
        check(ds->putAndInsertString(DCM_SeriesInstanceUID, doc->series_instance_uid), "SeriesInstanceUID (0020,000E)");
        check(ds->putAndInsertString(DCM_SOPInstanceUID, doc->sop_instance_uid), "SOPInstanceUID (0008,0018)");
        check(ds->putAndInsertString(DCM_InstanceCreationDate, doc->content_date), "InstanceCreationDate");
        check(ds->putAndInsertString(DCM_InstanceCreationTime, doc->content_time), "InstanceCreationTime");
        check(file.saveFile(path, EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_updateMeta),
              std::string("saving ") + path);
        return 0;
    } catch (const std::exception &e) {
        set_error(error, error_len, e.what());
        return -1;
    } catch (...) {
        set_error(error, error_len, "unknown C++ exception");
        return -1;
    }
}
