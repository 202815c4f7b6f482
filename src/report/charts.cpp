#include <algorithm>
#include <cmath>

#include "format.hpp"
#include "html.hpp"

namespace itsm::report::detail {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string figure_cell(const std::string& pointer, const std::string& text) {
  return "<td data-key=\"" + escape(pointer) + "\">" + escape(text) + "</td>";
}

namespace {
constexpr int label_width = 170, bar_width = 420, row_height = 28;

std::string svg_open(int height, const std::string& title) {
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                     "aria-label=\"{}\">", label_width + bar_width + 190, height, escape(title));
}

std::string label(int y, const std::string& text) {
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text>", label_width - 8, y,
                     escape(text));
}

const char* compliance_colour(double v) { return v >= 95 ? colour_good : v >= 80 ? colour_warn : colour_bad; }
}  // namespace

std::string compliance_chart(const service_report& r) {
  const int h = static_cast<int>(r.services.size()) * row_height + 10;
  std::string out = svg_open(h, "SLA compliance by service");
  for (std::size_t i = 0; i < r.services.size(); ++i) {
    const auto& s = r.services[i];
    const int y = static_cast<int>(i) * row_height + 4;
    out += label(y + 16, s.service_name);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"#eeeeee\"/>", label_width, y, bar_width);
    if (s.compliance) {
      const int w = static_cast<int>(std::lround(*s.compliance / 100.0 * bar_width));
      out += fmt::format("<rect data-key=\"/services/{}/compliance\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
                         "height=\"20\" fill=\"{}\"/>", i, figure(s.compliance), label_width, y, w,
                         compliance_colour(*s.compliance));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\">{} %</text>", label_width + bar_width + 6, y + 16,
                       figure(s.compliance));
  }
  return out + "</svg>";
}

std::string trend_chart(const service_report& r) {
  const int h = 220, top = 10, plot_h = 170;
  int peak = 1;
  for (const auto& w : r.weeks) peak = std::max({peak, w.incidents, w.requests, w.breaches});
  std::string out = svg_open(h, "Tickets per week");
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/><line x1=\"{0}\" y1=\"{2}\" "
                     "x2=\"{3}\" y2=\"{2}\" stroke=\"#888\"/>", label_width, top, top + plot_h, label_width + bar_width);
  out += label(top + 10, std::to_string(peak)) + label(top + plot_h, "0");
  const auto n = std::max<std::size_t>(r.weeks.size(), 2);
  auto x = [&](std::size_t i) { return label_width + static_cast<int>(i * bar_width / (n - 1)); };
  auto y = [&](int v) { return top + plot_h - v * plot_h / peak; };
  const std::pair<const char*, int week_row::*> series[] = {
      {"incidents", &week_row::incidents}, {"requests", &week_row::requests}, {"breaches", &week_row::breaches}};
  const char* colours[] = {colour_incidents, colour_requests, colour_bad};
  for (std::size_t s = 0; s < 3; ++s) {
    std::string pts;
    for (std::size_t i = 0; i < r.weeks.size(); ++i) pts += fmt::format("{},{} ", x(i), y(r.weeks[i].*series[s].second));
    out += fmt::format("<polyline data-series=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"4\" points=\"{}\"/>",
                       series[s].first, colours[s], pts);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{}\">{}</text>", label_width + bar_width + 6,
                       top + 14 + 18 * static_cast<int>(s), colours[s], series[s].first);
  }
  for (std::size_t i = 0; i < r.weeks.size(); ++i)
    if (!r.weeks[i].significant.empty())
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>", x(i),
                         y(r.weeks[i].incidents));
  return out + "</svg>";
}

std::string availability_chart(const service_report& r) {
  // The scale starts below the lowest figure so that 99.5 and 99.9 look different.
  double low = 100;
  for (const auto& s : r.services) {
    if (s.availability) low = std::min(low, *s.availability);
    if (s.availability_target > 0) low = std::min(low, s.availability_target);
  }
  low = std::max(0.0, std::floor(low) - 1.0);
  auto w = [&](double v) { return static_cast<int>(std::lround((v - low) / (100.0 - low) * bar_width)); };
  const int h = static_cast<int>(r.services.size()) * row_height + 30;
  std::string out = svg_open(h, "Availability against target");
  for (std::size_t i = 0; i < r.services.size(); ++i) {
    const auto& s = r.services[i];
    const int y = static_cast<int>(i) * row_height + 4;
    out += label(y + 16, s.service_name);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"#eeeeee\"/>", label_width, y, bar_width);
    if (s.availability)
      out += fmt::format("<rect data-key=\"/services/{}/availability\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
                         "height=\"20\" fill=\"{}\"/>", i, fmt::format("{:.3f}", *s.availability), label_width, y,
                         w(*s.availability), colour_available);
    if (s.availability_target > 0)
      out += fmt::format("<rect data-key=\"/services/{}/availability_target\" x=\"{}\" y=\"{}\" width=\"3\" height=\"26\" "
                         "fill=\"#000000\"/>", i, label_width + w(s.availability_target) - 1, y - 3);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\">{} % (target {})</text>", label_width + bar_width + 6,
                       y + 16, s.availability ? fmt::format("{:.2f}", *s.availability) : "n/a", figure(s.availability_target));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">scale {} % to 100 %</text>", label_width,
                     h - 6, figure(low));
  return out + "</svg>";
}

}  // namespace itsm::report::detail
