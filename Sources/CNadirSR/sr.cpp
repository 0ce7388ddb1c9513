#include "nadirsr.h"
#include <cstring>
#include <string>

static void set_error(char *error, size_t len, const std::string &message) {
    if (error == nullptr || len == 0) return;
    std::strncpy(error, message.c_str(), len - 1);
    error[len - 1] = 0;
}

extern "C" int nsr_write_measurement_report(const nsr_document *, const nsr_measurement *, size_t,
                                            const char *, char *error, size_t error_len) {
    set_error(error, error_len, "not implemented");
    return -1;
}
