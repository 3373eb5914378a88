// suite_checks.h - what is checked in forked children before and after the
// tests, so that a broken suite or engine is one clear message (exit 2)
// instead of a crash of enginesim: the suite opens and its setup_suite
// succeeds, the engine loads, and teardown_suite runs.
#pragma once

#include <cstdint>
#include <string>

#include "harness/testapp/session.h"
#include "harness/testapp/suite_library.h"

namespace enginesim::testapp {

// Opens the suite, calls get_tests and setup_suite (with the harness of
// `config`) in a child. False and a message naming the suite and the
// problem: not loadable, no get_tests, setup_suite returned false, crashed
// or hung (`timeout_ms`).
bool probe_suite(const std::string& path, const SessionConfig& config, uint32_t timeout_ms,
                 std::string* error);

// Loads, initialises and destroys the engine once in a child (config with
// a fresh {tmpdir}). False and the loader's message, or how it crashed.
bool check_engine(const SessionConfig& config, uint32_t timeout_ms, std::string* error);

// teardown_suite in a child of this process (which ran setup_suite). False
// and a message when it returned false, crashed or hung.
bool teardown_in_child(const SuiteLibrary& suite, uint32_t timeout_ms, std::string* error);

}  // namespace enginesim::testapp
