#include <fmt/format.h>

#include "itsm/core/error.hpp"
#include "itsm/storage/memory.hpp"
#include "transaction.hpp"

namespace itsm::storage {

namespace {

// Throws unsupported unless `next` only appends nullable fields to `cur` (indexes may change).
void check_upgrade(const schema& cur, const schema& next) {
  auto no = [&](const std::string& why) {
    throw_error(errc::unsupported, fmt::format("schema '{}' v{} -> v{}: {}", cur.kind, cur.version, next.version, why));
  };
  if (next.fields.size() < cur.fields.size()) no("fields were removed");
  for (std::size_t i = 0; i < cur.fields.size(); ++i)
    if (cur.fields[i] != next.fields[i])
      no(fmt::format("field '{}' was changed, renamed or moved", cur.fields[i].name));
  for (std::size_t i = cur.fields.size(); i < next.fields.size(); ++i)
    if (!next.fields[i].nullable) no(fmt::format("appended field '{}' must be nullable", next.fields[i].name));
}

class memory_backend final : public backend {
 public:
  explicit memory_backend(memory_options o) : st_(std::make_shared<detail::store>(o)) {}

  capabilities caps() const noexcept override {
    capabilities c;
    c.durable = false;
    c.multi_process = false;
    c.snapshot_reads = false;  // each call sees the latest commit (see docs/storage-memory.md)
    c.paged_queries = true;
    c.text_search = true;
    return c;
  }

  std::string uri() const override { return "memory:"; }

  void register_schema(const schema& s) override {
    s.validate();
    std::unique_lock lock(st_->mu);
    auto it = st_->kinds.find(s.kind);
    if (it == st_->kinds.end()) {
      st_->kinds.emplace(s.kind, std::make_unique<detail::kind_store>(s));
      return;
    }
    const schema& cur = it->second->sch();
    if (cur.version > s.version)
      throw_error(errc::conflict, fmt::format("schema '{}': the store holds version {}, newer than {}", s.kind,
                                              cur.version, s.version));
    if (cur.version == s.version) {
      if (cur == s) return;
      throw_error(errc::conflict,
                  fmt::format("schema '{}' version {} is already registered with a different definition", s.kind,
                              s.version));
    }
    check_upgrade(cur, s);
    it->second->upgrade(s);
  }

  std::optional<schema> find_schema(std::string_view kind) const override {
    std::shared_lock lock(st_->mu);
    auto it = st_->kinds.find(kind);
    if (it == st_->kinds.end()) return std::nullopt;
    return it->second->sch();
  }

  std::vector<std::string> kinds() const override {
    std::shared_lock lock(st_->mu);
    std::vector<std::string> out;
    for (const auto& [kind, ks] : st_->kinds) out.push_back(kind);
    return out;  // std::map: already sorted bytewise
  }

  std::unique_ptr<transaction> begin(tx_mode mode) override {
    if (mode == tx_mode::read_only) return std::make_unique<detail::memory_transaction>(st_, mode);
    st_->acquire_writer();
    try {
      return std::make_unique<detail::memory_transaction>(st_, mode);
    } catch (...) {
      st_->release_writer();
      throw;
    }
  }

 private:
  std::shared_ptr<detail::store> st_;
};

}  // namespace

std::unique_ptr<backend> make_memory_backend(memory_options options) {
  return std::make_unique<memory_backend>(options);
}

}  // namespace itsm::storage
