#ifndef NADIR_DCMSHIM_H
#define NADIR_DCMSHIM_H
#ifdef __cplusplus
extern "C" {
#endif
/* Placeholder: the DICOM issue fills in the extern "C" API over DCMTK. */
int dcm_shim_version(void);
#ifdef __cplusplus
}
#endif
#endif
