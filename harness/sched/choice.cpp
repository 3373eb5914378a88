// choice.cpp - the one-letter names of choice kinds used in schedule files.
#include "harness/sched/choice.h"

namespace enginesim::sched {

char to_char(ChoiceKind kind) {
  switch (kind) {
    case ChoiceKind::thread: return 't';
    case ChoiceKind::wake: return 'w';
    case ChoiceKind::outcome: return 'o';
    case ChoiceKind::core: return 'c';
    case ChoiceKind::fault: return 'f';
  }
  return '?';
}

bool choice_kind_from_char(char c, ChoiceKind* kind) {
  switch (c) {
    case 't': *kind = ChoiceKind::thread; return true;
    case 'w': *kind = ChoiceKind::wake; return true;
    case 'o': *kind = ChoiceKind::outcome; return true;
    case 'c': *kind = ChoiceKind::core; return true;
    case 'f': *kind = ChoiceKind::fault; return true;
    default: return false;
  }
}

}  // namespace enginesim::sched
