/* abi_pins_beta1.c - abi_pins.c once more, built for the 1.6.0-beta1
 * profile (the define comes from tests/include/CMakeLists.txt). */
#include "abi_pins.c"
