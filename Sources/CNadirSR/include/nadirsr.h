#ifndef NADIR_SR_H
#define NADIR_SR_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/// One planar measurement of one lesion (TID 1410 Planar ROI Measurements and Qualitative Evaluations).
typedef struct {
    const char *tracking_identifier;   /* lesion id, e.g. "T01" */
    const char *tracking_uid;          /* a UID unique to this lesion in this study */
    const char *finding_site;          /* for a qualitative finding (value_mm < 0): its text, e.g. "PRESENT" */
    int short_axis;                    /* 0: Long Axis (LD, 103339001), 1: Short Axis (103340004) */
    double value_mm;                   /* < 0: no diameter, a qualitative finding instead */
    const char *referenced_sop_class_uid;
    const char *referenced_sop_instance_uid;
    int referenced_frame;              /* 0 when the image is single-frame */
    double x1, y1, x2, y2;             /* caliper end points, image column/row coordinates */
} nsr_measurement;

/// The document's context: patient, study and the new SR instance's UIDs.
typedef struct {
    const char *patient_id;
    const char *patient_name;
    const char *study_instance_uid;
    const char *series_instance_uid;   /* new series for the SR */
    const char *sop_instance_uid;      /* new SR instance */
    const char *observer_name;         /* the reader, as a person name */
    const char *timepoint;             /* e.g. "VISIT 0" */
    const char *content_date;          /* YYYYMMDD */
    const char *content_time;          /* HHMMSS */
} nsr_document;

/// Writes a TID 1500 Measurement Report (Comprehensive SR) to `path`.
/// Returns 0 on success; otherwise fills `error` (NUL-terminated, at most `error_len`) and returns -1.
int nsr_write_measurement_report(const nsr_document *doc, const nsr_measurement *items, size_t count,
                                 const char *path, char *error, size_t error_len);

#ifdef __cplusplus
}
#endif
#endif
