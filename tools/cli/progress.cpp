#include "progress.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "itsm/core/error.hpp"

namespace itsm::cli {

progress_style parse_progress_style(std::string_view text) {
  if (text == "auto") return isatty(STDERR_FILENO) ? progress_style::bar : progress_style::lines;
  if (text == "bar") return progress_style::bar;
  if (text == "lines") return progress_style::lines;
  if (text == "none") return progress_style::none;
  throw error(errc::invalid_argument, fmt::format("--progress '{}': use auto, bar, lines or none", text));
}

namespace {
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

std::string rate_and_eta(std::size_t done, std::size_t total, double seconds) {
  if (done == 0 || seconds <= 0) return {};
  const double rate = static_cast<double>(done) / seconds;
  const auto eta = static_cast<std::size_t>(static_cast<double>(total > done ? total - done : 0) / rate + 0.5);
  return fmt::format("{} rows/s, ETA {}:{:02}", grouped(static_cast<std::size_t>(rate + 0.5)), eta / 60, eta % 60);
}

void progress_meter::update(std::string_view phase, std::size_t done, std::size_t total) {
  if (style_ == progress_style::none) return;
  const auto now = std::chrono::steady_clock::now();
  if (phase != phase_) {
    end_line();
    phase_ = phase;
    started_ = last_;
  }
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const std::string rate = rate_and_eta(done, total, seconds);
  if (style_ == progress_style::lines) {
    std::cerr << fmt::format("{} {}: {}/{} rows{}\n", label_, phase_, done, total, rate.empty() ? "" : ", " + rate);
    return;
  }
  constexpr std::size_t width = 30;
  const std::size_t filled = total ? done * width / total : width;
  std::cerr << fmt::format("\r{} {:<13} [{}{}] {:>3}% {}/{} {}   ", label_, phase_, std::string(filled, '#'),
                           std::string(width - filled, '.'), total ? done * 100 / total : 100, done, total, rate)
            << std::flush;
  open_line_ = true;
}

void progress_meter::end_line() {
  if (open_line_) std::cerr << '\n';
  open_line_ = false;
}

}  // namespace itsm::cli
