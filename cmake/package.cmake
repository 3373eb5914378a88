# package.cmake - what `cmake --install` puts under the prefix: the engine API
# headers, the enginesim executable and the CMake package that engine
# projects load with find_package(enginesim) (docs/getting-started.md).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The headers an engine compiles against, as a target engine projects link.
add_library(enginesim_headers INTERFACE)
target_include_directories(enginesim_headers INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(enginesim_headers PROPERTIES EXPORT_NAME headers)

# The profiles `enginesim --abi` accepts (harness/abi/profile.cpp).
set(ENGINESIM_ABI_PROFILES tutorial-2010 1.6.0-beta1 mysql)

set(ENGINESIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/enginesim)
install(DIRECTORY include/memcached DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# enginesim_memcached_util (fakes/util): memcached/util.h's functions,
# which memcached's core exports to engines; an engine links it itself.
install(TARGETS enginesim enginesim_headers enginesim_memcached_util EXPORT enginesimTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT enginesimTargets NAMESPACE enginesim:: DESTINATION ${ENGINESIM_CMAKE_DIR})
configure_package_config_file(cmake/enginesimConfig.cmake.in
  ${PROJECT_BINARY_DIR}/enginesimConfig.cmake INSTALL_DESTINATION ${ENGINESIM_CMAKE_DIR})
# 0.x: a minor release may change the package's interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/enginesimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/enginesimConfig.cmake
  ${PROJECT_BINARY_DIR}/enginesimConfigVersion.cmake
  cmake/enginesimEngineTests.cmake
  cmake/enginesimAtomics.cmake
  DESTINATION ${ENGINESIM_CMAKE_DIR})
