// call_text.h - a call's arguments or result as the contract monitor keeps
// them: literal labels and raw values, made into text only when a report or
// a trace reads it (text()). Recording one formats nothing, and allocates
// nothing while the bytes it copies (a key, cut at what a report shows) fit
// in a short string.
//
//   CallText().bytes("key=", key, nkey).num(", nbytes=", nbytes)
//     .text() == "key=\"k\", nbytes=5"
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace enginesim {

class CallText {
 public:
  CallText() = default;
  // Text made elsewhere (the server API's proxies build theirs).
  static CallText owned(std::string text);

  // Each appends `label` (a string literal: kept by pointer) and a value.
  // On a temporary each returns it as one, so a chain moves into a record.
  CallText& literal(const char* label) &;
  // Escaped, quoted bytes as monitor_format::bytes shows them (NULL, cut at
  // max_chars with their length).
  CallText& bytes(const char* label, const void* data, size_t size, size_t max_chars = 40) &;
  CallText& num(const char* label, uint64_t value) &;
  CallText& signed_num(const char* label, int64_t value) &;
  CallText& pointer(const char* label, const void* p) &;
  // A name that lives as long as the program (a string literal).
  CallText& name(const char* label, const char* static_name) &;

  CallText&& literal(const char* label) && { return std::move(literal(label)); }
  CallText&& bytes(const char* label, const void* data, size_t size, size_t max_chars = 40) && {
    return std::move(bytes(label, data, size, max_chars));
  }
  CallText&& num(const char* label, uint64_t value) && { return std::move(num(label, value)); }
  CallText&& signed_num(const char* label, int64_t value) && {
    return std::move(signed_num(label, value));
  }
  CallText&& pointer(const char* label, const void* p) && { return std::move(pointer(label, p)); }
  CallText&& name(const char* label, const char* static_name) && {
    return std::move(name(label, static_name));
  }

  bool empty() const { return count_ == 0; }
  std::string text() const;

 private:
  enum class Kind : uint8_t { literal, bytes, null_bytes, num, signed_num, pointer, name, owned };
  // Small, as a record holds two CallTexts and a run keeps thousands of records.
  struct Piece {
    const char* label = "";
    uint64_t value = 0;   // the number, pointer or name; bytes: their full size; owned: its length
    uint16_t offset = 0;  // bytes: where their copy (at most max_chars bytes) starts in data_
    uint16_t max_chars = 0;
    Kind kind = Kind::literal;
  };
  static constexpr size_t kPiecesMax = 4;  // allocate's and arithmetic's arguments
  Piece& add(const char* label, Kind kind);

  std::array<Piece, kPiecesMax> pieces_{};
  uint8_t count_ = 0;
  std::string data_;  // the copied bytes of every bytes or owned piece, back to back
};

}  // namespace enginesim
