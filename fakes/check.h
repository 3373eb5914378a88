// check.h - moved to include/enginesim/check.h. Transitional: kept only for
// the files of harness/model/ and harness/cli/command.cpp that still include
// it (their owners' branches are in flight); remove with their last include.
#pragma once

#include "enginesim/check.h"
