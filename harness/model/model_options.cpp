// model_options.cpp - the model's options an engine's own tables set.
#include "harness/model/model_options.h"

#include "fakes/core_conventions.h"

namespace enginesim::model {

ModelOptions options_shown_by(const engine_info* info, const ENGINE_HANDLE_V1* v1,
                              ModelOptions base) {
  ModelOptions options = base;
  options.cas_feature = false;
  for (uint32_t i = 0; info != nullptr && i < info->num_features; ++i) {
    if (info->features[i].feature == ENGINE_FEATURE_CAS) options.cas_feature = true;
  }
  if (v1 != nullptr) {
    options.exptime_read_by_core = core_reads_item_exptime(*v1);
    options.core_arithmetic = v1->arithmetic == nullptr;
  }
  return options;
}

}  // namespace enginesim::model
