// rules.h - the catalogue of contract-monitor rules: stable dotted ids and a
// one-line statement of each (the report, docs and mutant table use them).
#pragma once

#include <string_view>
#include <vector>

#include "harness/level.h"

namespace enginesim::rules {

struct Rule {
  std::string_view id;
  std::string_view summary;
  // required: memcached's core relies on it (docs/core-fidelity.md); strict:
  // it does not, so a breach is a warning unless the run is --level strict.
  Level level = Level::required;
};

// Every rule the monitor can report, in a fixed order.
const std::vector<Rule>& all();
// True when `id` is in all().
bool known(std::string_view id);
// The level of a known rule.
Level level_of(std::string_view id);

// The ids, as constants so that a typo is a compile error.
inline constexpr std::string_view kItemDoubleRelease = "item.double_release";
inline constexpr std::string_view kItemUseAfterRelease = "item.use_after_release";
inline constexpr std::string_view kItemLeak = "item.leak";
inline constexpr std::string_view kItemUnknown = "item.unknown";
inline constexpr std::string_view kItemMissing = "item.missing";
inline constexpr std::string_view kNotifyDouble = "notify.double";
inline constexpr std::string_view kNotifySpurious = "notify.spurious";
inline constexpr std::string_view kNotifyLost = "notify.lost";
inline constexpr std::string_view kNotifySynchronous = "notify.synchronous";
inline constexpr std::string_view kNotifyUnknownCookie = "notify.unknown_cookie";
inline constexpr std::string_view kNotifyStatus = "notify.status";
inline constexpr std::string_view kNotifyBeforeResult = "notify.before_result";
inline constexpr std::string_view kNotifyPremature = "notify.premature";
inline constexpr std::string_view kCookieForeign = "cookie.foreign";
inline constexpr std::string_view kAfterDisconnect = "server_api.after_disconnect";
inline constexpr std::string_view kCallAfterDestroy = "lifecycle.call_after_destroy";
inline constexpr std::string_view kOpAfterDestroy = "lifecycle.op_after_destroy";
inline constexpr std::string_view kThreadLeak = "lifecycle.thread_leak";
inline constexpr std::string_view kMemoryLeak = "lifecycle.memory_leak";
inline constexpr std::string_view kInitializeOnce = "lifecycle.initialize.once";
inline constexpr std::string_view kItemInfoFailed = "item_info.failed";
inline constexpr std::string_view kItemInfoNvalue = "item_info.nvalue";
inline constexpr std::string_view kItemInfoNbytes = "item_info.nbytes";
inline constexpr std::string_view kItemInfoKey = "item_info.key";
inline constexpr std::string_view kItemInfoFlags = "item_info.flags";
inline constexpr std::string_view kItemInfoIov = "item_info.iov";
inline constexpr std::string_view kCasNonzero = "cas.nonzero";
inline constexpr std::string_view kCasChanges = "cas.changes";
inline constexpr std::string_view kStatsWellformed = "stats.wellformed";
inline constexpr std::string_view kStatsPrintable = "stats.printable";
inline constexpr std::string_view kUnknownCommandResponse = "unknown_command.response";
inline constexpr std::string_view kUnknownCommandReply = "unknown_command.reply";
inline constexpr std::string_view kStatusInvalid = "status.invalid";
inline constexpr std::string_view kStatusUnhandled = "status.unhandled";

}  // namespace enginesim::rules
