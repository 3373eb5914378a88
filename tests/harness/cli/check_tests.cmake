# check_tests.cmake - ctests of `enginesim check`, included by
# tests/harness/cli/CMakeLists.txt (its enginesim_cli_test and ENGINES).
# `enginesim check`: the rapidcheck properties on any engine module
# (docs/properties.md). Without rapidcheck the command says how to get it.
if(TARGET enginesim_property_check)
  if(CAMPAIGNS)  # tests/CMakeLists.txt
    add_test(NAME cli.check_properties COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_properties.sh
      $<TARGET_FILE:enginesim> ${ENGINES} ${CMAKE_CURRENT_BINARY_DIR}/check_properties)
  endif()
  if(NOT ENGINESIM_SANITIZE MATCHES "address|undefined|thread")  # see cli.run_died
    add_test(NAME cli.check_crash COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_properties.sh
      $<TARGET_FILE:enginesim> ${ENGINES} ${CMAKE_CURRENT_BINARY_DIR}/check_crash crash)
  endif()
  # The period engine, written as the 2010 default engine, passes both
  # properties: the model allows the default engine's lazy flush (a later
  # delayed flush revives a flushed item nobody touched; it failed after 30
  # sequential cases before the model knew it).
  enginesim_cli_test(check_period_engine 0 "^verdict: ok$"
    check --engine ${ENGINES}/period_engine.so --cases 100)
  # The 1.6.0-beta1 build of it: a negative exptime reaches the engine raw
  # and its realtime() reads it as a time far ahead (the item lives). The
  # model allowed only "already expired" before, and this failed.
  enginesim_cli_test(check_period_engine_beta1 0 "^verdict: ok$"
    check --engine ${ENGINES}/period_engine_beta1.so --abi 1.6.0-beta1 --cases 150)
  # With the tutorial's get_item_info (exptime 0; items still expire): the
  # sequential property checked that field for every engine, where memcached
  # reads it only for TAP or its own incr/decr (core_reads_item_exptime), and
  # failed on operation 1. run and explore already read it that way.
  enginesim_cli_test(check_period_engine_noexptime 0 "^verdict: ok$"
    check --engine ${ENGINES}/period_engine_noexptime.so --cases 100)
  # Without arithmetic (tutorial-2010): the core's own incr/decr creates by
  # an OPERATION_CAS store, which the period engine refuses (KEY_ENOENT).
  enginesim_cli_test(check_period_engine_noarith 0 "^verdict: ok$"
    check --engine ${ENGINES}/period_engine_noarith.so --cases 100)
  # An engine that evicts (mem with a 128-byte cache): a false failure
  # without --may-evict, as for run and explore, and none with it.
  enginesim_cli_test(check_evicting_fails 1 "^verdict: FAILED"
    check --engine ${ENGINES}/mem_engine.so --config cache_size=128 --cases 300)
  enginesim_campaign_count(MAY_EVICT_CASES 300)
  enginesim_cli_test(check_evicting_may_evict 0 "^verdict: ok$"
    check --engine ${ENGINES}/mem_engine.so --config cache_size=128 --cases ${MAY_EVICT_CASES} --may-evict)
  enginesim_cli_test(check_help 0 "--reproduce TOKEN" check --help)
  enginesim_cli_test(check_missing_file 2 "engine /nonexistent.so: file not found"
    check --engine /nonexistent.so)
  enginesim_cli_test(check_not_an_engine 2 "exports no create_instance"
    check --engine ${ENGINES}/broken_no_create_instance.so)
  enginesim_cli_test(check_bad_abi 2 "--abi 'nosuch' names no ABI profile. known: tutorial-2010"
    check --engine ${ENGINES}/mem_engine.so --abi nosuch)
  enginesim_cli_test(check_bad_reproduce 2 "--reproduce 'garbage' is not a reproduce token"
    check --engine ${ENGINES}/mem_engine.so --reproduce garbage)
  enginesim_cli_test(check_bad_property 2 "--property must be sequential, concurrent or both"
    check --engine ${ENGINES}/mem_engine.so --property all)
  enginesim_cli_test(check_itemless_mix 2 "item operations only, not 'stats'"
    check --engine ${ENGINES}/mem_engine.so --mix get,stats)
  enginesim_cli_test(check_bad_cases 2 "--cases"
    check --engine ${ENGINES}/mem_engine.so --cases 0)
else()
  enginesim_cli_test(check_no_rapidcheck 2 "built without rapidcheck.*librapidcheck-dev"
    check --engine ${ENGINES}/mem_engine.so)
endif()
