// call_text.cpp - recording a call's values, and their text on demand.
#include "harness/monitor/call_text.h"

#include <algorithm>

#include "enginesim/check.h"
#include "harness/monitor/format.h"

namespace enginesim {

CallText CallText::owned(std::string text) {
  CallText t;
  if (text.empty()) return t;  // nothing to show: empty(), as "" was
  t.add("", Kind::owned).value = text.size();
  t.data_ = std::move(text);  // the only piece: its text starts at 0
  return t;
}

CallText::Piece& CallText::add(const char* label, Kind kind) {
  ES_CHECK_MSG(count_ < kPiecesMax, "a CallText holds at most kPiecesMax pieces");
  Piece& p = pieces_[count_++];
  p.label = label;
  p.kind = kind;
  return p;
}

CallText& CallText::literal(const char* label) & {
  add(label, Kind::literal);
  return *this;
}

CallText& CallText::bytes(const char* label, const void* data, size_t size, size_t max_chars) & {
  if (data == nullptr) {
    add(label, Kind::null_bytes).value = size;
    return *this;
  }
  ES_CHECK(max_chars <= UINT16_MAX);
  Piece& p = add(label, Kind::bytes);
  p.value = size;
  p.max_chars = static_cast<uint16_t>(max_chars);
  // Each byte shows as one character at least, after the opening quote, so
  // the text never reads past the first max_chars bytes: copy no more.
  const size_t kept = std::min(size, max_chars);
  ES_CHECK(data_.size() + kept <= UINT16_MAX);  // kPiecesMax pieces of max_chars at most
  p.offset = static_cast<uint16_t>(data_.size());
  data_.append(static_cast<const char*>(data), kept);
  return *this;
}

CallText& CallText::num(const char* label, uint64_t value) & {
  add(label, Kind::num).value = value;
  return *this;
}

CallText& CallText::signed_num(const char* label, int64_t value) & {
  add(label, Kind::signed_num).value = static_cast<uint64_t>(value);
  return *this;
}

CallText& CallText::pointer(const char* label, const void* p) & {
  add(label, Kind::pointer).value = reinterpret_cast<uintptr_t>(p);
  return *this;
}

CallText& CallText::name(const char* label, const char* static_name) & {
  add(label, Kind::name).value = reinterpret_cast<uintptr_t>(static_name);
  return *this;
}

std::string CallText::text() const {
  std::string out;
  for (uint8_t i = 0; i < count_; ++i) {
    const Piece& p = pieces_[i];
    out += p.label;
    switch (p.kind) {
      case Kind::literal: break;
      case Kind::bytes:
        out += monitor_format::bytes(data_.data() + p.offset, p.value, p.max_chars);
        break;
      case Kind::null_bytes: out += monitor_format::bytes(nullptr, p.value); break;
      case Kind::num: out += std::to_string(p.value); break;
      case Kind::signed_num: out += std::to_string(static_cast<int64_t>(p.value)); break;
      case Kind::pointer:
        out += monitor_format::pointer(reinterpret_cast<const void*>(p.value));
        break;
      case Kind::name: out += reinterpret_cast<const char*>(p.value); break;
      case Kind::owned: out.append(data_, 0, p.value); break;  // first and only
    }
  }
  return out;
}

}  // namespace enginesim
