// Kind definitions of approvals, investigations and acceptance test results.
#include "itsm/model/change_records.hpp"

namespace itsm::model {

const kind_def<approval>& approval::def() {
  static const auto k = kind_def<approval>("approval", 1, &approval::id)
                            .field("subject_kind", &approval::subject_kind)
                            .field("subject_id", &approval::subject_id)
                            .field("approver", &approval::approver)
                            .field("capacity", &approval::capacity)
                            .field("decision", &approval::decision)
                            .field("comment", &approval::comment)
                            .field("at", &approval::at)
                            .field("emergency", &approval::emergency)
                            .index("by_subject", {"subject_kind", "subject_id"});
  return k;
}

const kind_def<investigation>& investigation::def() {
  static const auto k = kind_def<investigation>("investigation", 1, &investigation::id)
                            .field("subject_kind", &investigation::subject_kind)
                            .field("subject_id", &investigation::subject_id)
                            .field("opened_by", &investigation::opened_by)
                            .field("opened_at", &investigation::opened_at)
                            .field("summary", &investigation::summary)
                            .field("problem", &investigation::problem)
                            .index("by_subject", {"subject_kind", "subject_id"});
  return k;
}

const kind_def<acceptance_test>& acceptance_test::def() {
  static const auto k = kind_def<acceptance_test>("acceptance_test", 1, &acceptance_test::id)
                            .field("release", &acceptance_test::release)
                            .field("criterion", &acceptance_test::criterion)
                            .field("passed", &acceptance_test::passed)
                            .field("evidence", &acceptance_test::evidence)
                            .field("recorded_by", &acceptance_test::recorded_by)
                            .field("at", &acceptance_test::at)
                            .index("by_release", {"release"});
  return k;
}

}  // namespace itsm::model
