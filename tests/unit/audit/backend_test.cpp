// The audit trail through a real store (the memory adapter), R-9.1-trace: appends commit with
// their transaction, rollbacks leave no entry, verify(store) pages through large trails.
#include <catch2/catch.hpp>

#include <functional>

#include "audit_fixture.hpp"
#include "itsm/storage/memory.hpp"

using namespace itsm;
using namespace itsm::audit;
using itsm::storage::audit_record;
using itsm::storage::tx_mode;

namespace {

std::vector<audit_record> read_all(storage::backend& store) {
  auto tx = store.begin(tx_mode::read_only);
  return tx->scan_audit(storage::audit_query{});
}

void append_many(storage::backend& store, int from, int count, int per_tx) {
  for (int done = 0; done < count;) {
    auto tx = store.begin(tx_mode::read_write);
    for (int k = 0; k < per_tx && done < count; ++k, ++done)
      append(*tx, test::sample_input(from + done));
    tx->commit();
  }
}

// A store whose read transactions return doctored audit pages: what verify(store) sees when
// somebody edited the database underneath the library.
class doctored_backend : public storage::backend {
 public:
  using doctor = std::function<void(std::vector<audit_record>&)>;
  // doctor_head: whether last_audit() is doctored like the scans (a consistent tampering) or
  // still reports the real head (scans and head disagree).
  doctored_backend(storage::backend& inner, doctor d, bool doctor_head = true)
      : inner_(inner), doctor_(std::move(d)), doctor_head_(doctor_head) {}
  storage::capabilities caps() const noexcept override { return inner_.caps(); }
  std::string uri() const override { return inner_.uri(); }
  void register_schema(const storage::schema& s) override { inner_.register_schema(s); }
  std::optional<storage::schema> find_schema(std::string_view k) const override {
    return inner_.find_schema(k);
  }
  std::unique_ptr<storage::transaction> begin(tx_mode m) override {
    return std::make_unique<tx>(inner_.begin(m), doctor_, doctor_head_);
  }

 private:
  class tx : public storage::transaction {
   public:
    tx(std::unique_ptr<storage::transaction> in, const doctor& d, bool doctor_head)
        : in_(std::move(in)), d_(d), doctor_head_(doctor_head) {}
    tx_mode mode() const noexcept override { return in_->mode(); }
    std::optional<storage::record> get(std::string_view k, std::string_view id) override {
      return in_->get(k, id);
    }
    std::int64_t put(std::string_view k, const storage::record& r) override {
      return in_->put(k, r);
    }
    void erase(std::string_view k, std::string_view id, std::int64_t rev) override {
      in_->erase(k, id, rev);
    }
    std::vector<storage::record> scan(const storage::query& q) override { return in_->scan(q); }
    void append_audit(const audit_record& e) override { in_->append_audit(e); }
    std::optional<audit_record> last_audit() override {
      if (!doctor_head_) return in_->last_audit();
      auto all = in_->scan_audit(storage::audit_query{});
      d_(all);
      if (all.empty()) return std::nullopt;
      return all.back();
    }
    std::vector<audit_record> scan_audit(const storage::audit_query& q) override {
      auto page = in_->scan_audit(q);
      d_(page);
      return page;
    }
    void commit() override { in_->commit(); }

   private:
    std::unique_ptr<storage::transaction> in_;
    const doctor& d_;
    bool doctor_head_;
  };
  storage::backend& inner_;
  doctor doctor_;
  bool doctor_head_;
};

}  // namespace

TEST_CASE("R-9.1-trace: appends in committed transactions chain across transactions",
          "[audit][memory]") {
  auto store = storage::make_memory_backend();
  REQUIRE(verify(*store).ok);
  REQUIRE(verify(*store).entries == 0);
  REQUIRE(make_checkpoint(*store) == checkpoint{});

  std::vector<audit_record> appended;
  for (int t = 0; t < 3; ++t) {
    auto tx = store->begin(tx_mode::read_write);
    appended.push_back(append(*tx, test::sample_input(2 * t)));
    appended.push_back(append(*tx, test::sample_input(2 * t + 1)));
    tx->commit();
  }
  const auto stored = read_all(*store);
  REQUIRE(stored == appended);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    REQUIRE(stored[i].seq == static_cast<std::int64_t>(i) + 1);
    REQUIRE(stored[i].prev_hash == (i == 0 ? std::string() : stored[i - 1].hash));
  }
  const auto r = verify(*store);
  REQUIRE(r.ok);
  REQUIRE(r.entries == 6);
  REQUIRE(r.head_hash == appended.back().hash);
  const auto cp = make_checkpoint(*store);
  REQUIRE(cp == checkpoint{6, appended.back().hash});
  REQUIRE(verify(*store, cp).ok);
  REQUIRE(verify(stored, cp).ok);

  SECTION("denied and refused operations are retrievable per object") {
    auto tx = store->begin(tx_mode::read_write);
    auto denied = test::sample_input(6);
    denied.outcome = "denied";
    denied.revision = 0;
    denied.record_hash.clear();  // a denial wrote no record
    denied.reason = "authorizer: role configuration_manager required";
    append(*tx, denied);
    tx->commit();
    storage::audit_query q;
    q.kind = denied.kind;
    q.object_id = denied.object_id;
    auto rtx = store->begin(tx_mode::read_only);
    const auto hist = rtx->scan_audit(q);
    REQUIRE_FALSE(hist.empty());
    REQUIRE(hist.back().outcome == "denied");
    REQUIRE(hist.back().seq == 7);
    REQUIRE(verify(*store, cp).ok);
  }
}

TEST_CASE("R-9.1-trace: a rolled-back transaction leaves no audit entry and its number is reused",
          "[audit][memory]") {
  auto store = storage::make_memory_backend();
  append_many(*store, 0, 2, 2);
  const auto before = make_checkpoint(*store);
  REQUIRE(before.seq == 2);

  audit_record abandoned;
  {
    auto tx = store->begin(tx_mode::read_write);
    abandoned = append(*tx, test::sample_input(40));
    REQUIRE(abandoned.seq == 3);
    REQUIRE(tx->last_audit() == abandoned);  // the transaction sees its own append
  }  // destroyed uncommitted: rolled back
  REQUIRE(make_checkpoint(*store) == before);
  REQUIRE(read_all(*store).size() == 2);

  {
    auto tx = store->begin(tx_mode::read_write);
    append(*tx, test::sample_input(41));
    // an exception before commit unwinds the same way
    REQUIRE_THROWS_AS(([&] { throw_error(errc::rule_violation, "refused"); })(), itsm::error);
  }
  REQUIRE(make_checkpoint(*store) == before);

  auto tx = store->begin(tx_mode::read_write);
  const auto next = append(*tx, test::sample_input(3));
  tx->commit();
  REQUIRE(next.seq == 3);
  REQUIRE(next.prev_hash == before.head_hash);
  REQUIRE(next.hash != abandoned.hash);
  const auto r = verify(*store, before);
  REQUIRE(r.ok);
  REQUIRE(r.entries == 3);
  REQUIRE(r.head_hash == next.hash);
}

TEST_CASE("R-9.1-trace: append needs a read_write transaction", "[audit][memory]") {
  auto store = storage::make_memory_backend();
  auto tx = store->begin(tx_mode::read_only);
  REQUIRE_THROWS_AS(append(*tx, test::sample_input(0)), itsm::error);
}

TEST_CASE("R-9.1-trace: verify(store) pages through a 10,000-entry trail", "[audit][memory]") {
  auto store = storage::make_memory_backend();
  append_many(*store, 0, 10000, 1000);
  const auto all = read_all(*store);
  REQUIRE(all.size() == 10000);
  const auto whole = verify(all);
  REQUIRE(whole.ok);

  const auto cp = make_checkpoint(*store);
  REQUIRE(cp.seq == 10000);
  REQUIRE(cp.head_hash == all.back().hash);
  for (std::size_t page : {std::size_t{1000}, std::size_t{333}, std::size_t{10000},
                           std::size_t{20000}}) {
    INFO("page size " << page);
    const auto r = verify(*store, cp, page);
    REQUIRE(r.ok);
    REQUIRE(r.entries == 10000);
    REQUIRE(r.head_hash == whole.head_hash);
  }
  REQUIRE(verify(*store).entries == 10000);
  REQUIRE(verify(*store, checkpoint{5000, all[4999].hash}).ok);
  REQUIRE_THROWS_AS(verify(*store, cp, 0), itsm::error);
}

TEST_CASE("R-9.1-trace: verify(store) detects tampering on either side of a page boundary",
          "[audit][memory]") {
  auto store = storage::make_memory_backend();
  append_many(*store, 0, 2000, 500);
  const auto cp = make_checkpoint(*store);
  const std::size_t page = 500;
  const auto doctored = [&](std::function<void(std::vector<audit_record>&)> d) {
    return doctored_backend(*store, std::move(d));
  };

  for (std::int64_t seq : {std::int64_t{1}, std::int64_t{500}, std::int64_t{501},
                           std::int64_t{1377}, std::int64_t{2000}}) {
    INFO("seq " << seq);
    auto edited = doctored([seq](std::vector<audit_record>& p) {
      for (auto& e : p)
        if (e.seq == seq) e.reason += "!";
    });
    auto r = verify(edited, cp, page);
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.first_bad_seq == seq);

    auto deleted = doctored([seq](std::vector<audit_record>& p) {
      std::erase_if(p, [seq](const audit_record& e) { return e.seq == seq; });
    });
    r = verify(deleted, cp, page);
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.first_bad_seq == seq);
  }

  auto truncated = doctored([](std::vector<audit_record>& p) {
    std::erase_if(p, [](const audit_record& e) { return e.seq > 1990; });
  });
  REQUIRE(verify(truncated, std::nullopt, page).ok);  // undetectable without a checkpoint
  const auto r = verify(truncated, cp, page);
  REQUIRE_FALSE(r.ok);
  REQUIRE(r.first_bad_seq == 1991);
}

TEST_CASE("R-9.1-trace: verify(store) checks the store's head against the trail it read",
          "[audit][memory]") {
  auto store = storage::make_memory_backend();
  append_many(*store, 0, 30, 10);
  const auto hide_tail = [](std::vector<audit_record>& p) {
    std::erase_if(p, [](const audit_record& e) { return e.seq > 25; });
  };
  // Scans lose entries 26..30 but last_audit() still reports seq 30.
  doctored_backend lossy(*store, hide_tail, /*doctor_head=*/false);
  const auto r = verify(lossy, std::nullopt, 10);
  REQUIRE_FALSE(r.ok);
  REQUIRE(r.first_bad_seq == 26);
  REQUIRE(r.entries == 25);
  // Consistently truncated (head too): only a checkpoint tells.
  doctored_backend cut(*store, hide_tail);
  REQUIRE(verify(cut).ok);
  REQUIRE(verify(cut, make_checkpoint(*store)).first_bad_seq == 26);
}
