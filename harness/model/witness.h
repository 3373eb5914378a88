// witness.h - the story of a non-linearizable key, as Knossos and Porcupine
// tell it: the longest linearizable prefix, the states reachable after it,
// the first operation none of them allows, and a sub-history that keeps
// exactly what that explanation needs.
#pragma once

#include "harness/model/linearizability.h"
#include "harness/model/model.h"
#include "harness/model/partition.h"

namespace enginesim::model {

// `p` (a key of `h`) is not linearizable. Fills r->witness,
// witness_entries, witness_notes, explanation and shrink_complete. An
// operation is dropped from the witness only when the explanation stays the
// same: the same failing operation, tried in the same states, and the same
// named defect. The witness fails `check_history` on its own.
void explain_failure(const Model& model, const History& h, const Partition& p,
                     const CheckOptions& options, CheckReport* r);

}  // namespace enginesim::model
