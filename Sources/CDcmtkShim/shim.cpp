#include "dcmshim.h"
extern "C" int dcm_shim_version(void) { return 1; }
