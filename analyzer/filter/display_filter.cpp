#include "analyzer/filter/display_filter.hpp"

#include "analyzer/filter/filter_program.hpp"

namespace pxescope::filter {

std::optional<DisplayFilter> DisplayFilter::parse(std::string_view text, std::string& error) {
  DisplayFilter f;
  f.program_ = detail::parse_program(text, error);
  if (!f.program_) return std::nullopt;
  f.text_.assign(text);
  return f;
}

bool DisplayFilter::matches(const FieldTree& tree) const {
  return !program_ || detail::evaluate(*program_, tree, nullptr);
}

bool DisplayFilter::matches(const FieldTree& tree, const FrameContext& frame) const {
  return !program_ || detail::evaluate(*program_, tree, &frame);
}

bool DisplayFilter::uses_client_membership() const {
  if (!program_) return false;
  for (const detail::Test& t : program_->tests)
    if (t.frame_field == detail::FrameField::PxeClient) return true;
  return false;
}

bool DisplayFilter::matches_everything() const {
  return !program_ || program_->root < 0;
}

}  // namespace pxescope::filter
