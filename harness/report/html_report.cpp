// html_report.cpp - the report page: static skeleton, the run as JSON in a
// <script type="application/json"> element, and the script that draws it.
// Everything the engine wrote reaches the page only through json_string and
// the script's textContent: never as markup.
#include "harness/report/html_report.h"

#include "harness/report/escape.h"

namespace enginesim::report {
namespace {

std::string lanes_json(const Timeline& t) {
  std::string out = "[";
  for (size_t i = 0; i < t.lanes.size(); ++i) {
    const Lane& l = t.lanes[i];
    out += (i ? ",\n" : "\n") + std::string("{\"thread\":") + std::to_string(l.thread) +
           ",\"name\":" + json_string(l.name) + ",\"kind\":" + json_string(l.kind) + "}";
  }
  return out + "]";
}

// One compact array per row: [kind, step, time_ns, lane, target, conn, text,
// result, blocked, highlight, witness, expected] (the script's indices).
std::string rows_json(const Timeline& t) {
  std::string out = "[";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const Row& r = t.rows[i];
    out += (i ? ",\n" : "\n") + std::string("[") + json_string(r.kind) + "," +
           std::to_string(r.step) + "," + std::to_string(r.time_ns) + "," + std::to_string(r.lane) +
           "," + std::to_string(r.target) + "," + std::to_string(r.conn) + "," +
           json_string(r.text) + "," + json_string(r.result) + "," + (r.blocked ? "1" : "0") + "," +
           (r.highlight ? "1" : "0") + "," + std::to_string(r.witness) + "," +
           json_string(r.expected) + "]";
  }
  return out + "]";
}

// The witness of a linearizability failure, for the failure box: one object
// per operation with the row it is drawn in (-1: not recorded).
std::string witness_json(const Timeline& t) {
  std::string out = "[";
  for (size_t k = 0; k < t.witness.size(); ++k) {
    const sched::WitnessOp& w = t.witness[k];
    const int row = k < t.witness_rows.size() ? t.witness_rows[k] : -1;
    out += (k ? ",\n" : "\n") + std::string("{\"conn\":") + std::to_string(w.conn) +
           ",\"index\":" + std::to_string(w.op_index) + ",\"op\":" + json_string(w.op) +
           ",\"got\":" + json_string(w.got) + ",\"expected\":" + json_string(w.note) +
           ",\"row\":" + std::to_string(row) + "}";
  }
  return out + "]";
}

std::string facts_json(const PageInfo& info) {
  std::string out = "[";
  for (size_t i = 0; i < info.facts.size(); ++i) {
    out += (i ? "," : "") + std::string("[") + json_string(info.facts[i].first) + "," +
           json_string(info.facts[i].second) + "]";
  }
  return out + "]";
}

}  // namespace

std::string html_page(const PageInfo& info, const Timeline& t) {
  std::string data =
      "{\"title\":" + json_string(info.title) + ",\"verdict\":" + json_string(info.verdict) +
      ",\"report\":" + json_string(info.report) +
      ",\"replay\":" + json_string(info.replay_command) + ",\"facts\":" + facts_json(info) +
      ",\"focus\":" + std::to_string(t.focus) +
      ",\"truncated\":" + (t.truncated ? "true" : "false") + ",\"witness\":" + witness_json(t) +
      ",\"lanes\":" + lanes_json(t) + ",\n\"rows\":" + rows_json(t) + "}";
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  page += "<title>" + html_escape(info.title) + "</title>\n<style>\n";
  page += kReportCss;
  page += "</style>\n</head>\n<body>\n";
  page +=
      "<noscript>This report draws its timeline with JavaScript; the raw data is in the "
      "element #data.</noscript>\n";
  page += "<header id=\"head\"></header>\n<section id=\"failure\"></section>\n";
  page += "<section id=\"legend\"></section>\n<section id=\"controls\"></section>\n";
  page += "<main id=\"timeline\"></main>\n";
  page += "<script type=\"application/json\" id=\"data\">" + data + "</script>\n<script>\n";
  page += kReportJs;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace enginesim::report
