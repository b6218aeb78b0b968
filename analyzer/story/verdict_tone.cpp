#include "analyzer/story/verdict_tone.hpp"

namespace pxescope {

VerdictTone verdict_tone(Verdict v) {
  switch (v) {
    case Verdict::Booted:
      return VerdictTone::Booted;
    case Verdict::IncompleteCapture:
    case Verdict::NotPxe:
      return VerdictTone::Unknown;
    default:
      return VerdictTone::Failed;
  }
}

int verdict_sort_rank(Verdict v) {
  constexpr int kCodes = 256;  // more than there are verdicts
  return static_cast<int>(verdict_tone(v)) * kCodes + static_cast<int>(v);
}

}  // namespace pxescope
