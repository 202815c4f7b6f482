// Progress of a long operation on stderr: a bar with rate and ETA when stderr is a terminal,
// plain lines otherwise (logs, pipes, tests). Not thread-safe: one meter per operation.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace itsm::cli {

enum class progress_style { bar, lines, none };

// "auto" (bar on a terminal, else lines), "bar", "lines" or "none". Errors: invalid_argument.
progress_style parse_progress_style(std::string_view text);

// "1,234 rows/s, ETA 0:07" for `done` of `total` rows after `seconds`; "" before any progress.
std::string rate_and_eta(std::size_t done, std::size_t total, double seconds);

class progress_meter {
 public:
  progress_meter(progress_style style, std::string label)
      : style_(style), label_(std::move(label)), started_(std::chrono::steady_clock::now()), last_(started_) {}
  ~progress_meter() { end_line(); }
  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;

  // `done` of `total` rows of `phase`; a phase is timed from the previous phase's last update.
  void update(std::string_view phase, std::size_t done, std::size_t total);

 private:
  void end_line();
  progress_style style_;
  std::string label_;
  std::string phase_;
  std::chrono::steady_clock::time_point started_;  // when the current phase began
  std::chrono::steady_clock::time_point last_;     // the latest update
  bool open_line_ = false;  // a bar is drawn and needs its line ended
};

}  // namespace itsm::cli
