#include "core/groups/group_view.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace kring {
namespace {

std::string FocusedWord(pb::Focused f) {
  switch (f) {
    case pb::FOCUSED_YES:
      return "yes";
    case pb::FOCUSED_PARTLY:
      return "partly";
    case pb::FOCUSED_NO:
      return "no";
    default:
      return "?";
  }
}

std::string MembershipText(const LoadedGroup& group, const pb::MembershipBody& body) {
  const std::string who = group.Alias(body.member_signing_key());
  switch (body.action()) {
    case pb::MEMBERSHIP_ACTION_CREATE:
      return "created the group";
    case pb::MEMBERSHIP_ACTION_ADD:
      return "added " + who + " as " + RoleName(body.role()) + " (" +
             Fingerprint(body.member_signing_key()) + ")";
    case pb::MEMBERSHIP_ACTION_REMOVE:
      return "removed " + who;
    case pb::MEMBERSHIP_ACTION_LEAVE:
      return "left the group";
    case pb::MEMBERSHIP_ACTION_ROLE_CHANGE:
      return "made " + who + " " + RoleName(body.role());
    case pb::MEMBERSHIP_ACTION_PROFILE:
      return "changed their name in the group";
    default:
      return "changed the membership";
  }
}

// The latest review of each reviewer (by time, then id), in the order they were written.
void KeepLatestReviewPerReviewer(std::vector<ReviewView>& reviews) {
  std::map<std::string, ReviewView> latest;
  for (ReviewView& r : reviews) {
    auto [it, fresh] = latest.try_emplace(r.reviewer, r);
    if (fresh) continue;
    ReviewView& kept = it->second;
    const uint64_t first = std::min(kept.first_created_at, r.first_created_at);
    const int replaced = kept.replaced + 1;
    if (std::tie(r.created_at, r.id) > std::tie(kept.created_at, kept.id)) kept = std::move(r);
    kept.first_created_at = first;
    kept.replaced = replaced;
  }
  reviews.clear();
  for (auto& [reviewer, r] : latest) reviews.push_back(std::move(r));
  std::sort(reviews.begin(), reviews.end(), [](const ReviewView& a, const ReviewView& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
}

}  // namespace

const SharedCaseView* GroupView::FindCase(std::string_view id_or_prefix) const {
  const SharedCaseView* found = nullptr;
  for (const auto& c : cases) {
    if (ToHex(c.id).rfind(id_or_prefix, 0) == 0) {
      if (found != nullptr) return nullptr;  // ambiguous
      found = &c;
    }
  }
  return found;
}

GroupView BuildGroupView(const LoadedGroup& group, const std::vector<GroupEntry>& entries) {
  GroupView view;
  std::map<std::string, size_t> case_index;
  auto key_for = [&](uint32_t epoch) { return group.keys.Find(epoch); };
  // Cases first, so that revisions, reviews and requests find them whatever the order.
  for (const GroupEntry& e : entries) {
    if (e.header.kind() != pb::ENTRY_KIND_CASE) continue;
    SharedCaseView c;
    c.id = e.id;
    c.author = e.header.author_key();
    c.shared_at = e.header.created_at();
    c.retracted = e.retracted;
    if (!e.retracted) {
      pb::CaseBody body;
      const SecretBytes* key = key_for(e.header.key_epoch());
      if (key != nullptr && OpenBody(e.envelope, *key, &body).ok()) {
        c.readable = true;
        c.reflection = body.reflection();
      }
    }
    case_index[c.id] = view.cases.size();
    view.cases.push_back(std::move(c));
  }
  for (const GroupEntry& e : entries) {
    const pb::EntryHeader& h = e.header;
    FeedItem item{e.id, h.created_at(), h.kind(), h.author_key(), ""};
    const SecretBytes* key = key_for(h.key_epoch());
    std::string case_id = ReferencedCase(h);
    auto it = case_index.find(case_id);
    SharedCaseView* target = it == case_index.end() ? nullptr : &view.cases[it->second];
    std::string case_label = target != nullptr && target->readable
                                 ? "'" + target->reflection.title() + "'"
                                 : "case " + ShortId(case_id);
    switch (h.kind()) {
      case pb::ENTRY_KIND_CASE: {
        SharedCaseView* c = &view.cases[case_index[e.id]];
        item.text = c->retracted ? "shared case " + ShortId(e.id) + " (since withdrawn)"
                    : c->readable
                        ? "shared case " + ShortId(e.id) + " '" + c->reflection.title() + "'"
                        : "shared case " + ShortId(e.id) + " (not readable for you)";
        break;
      }
      case pb::ENTRY_KIND_CASE_REVISION: {
        pb::CaseRevisionBody body;
        if (!e.retracted && key != nullptr && OpenBody(e.envelope, *key, &body).ok() &&
            target != nullptr && !target->retracted && h.created_at() >= target->revised_at) {
          target->reflection = body.reflection();
          target->revised_at = h.created_at();
          target->readable = true;
        }
        item.text = "revised " + case_label;
        break;
      }
      case pb::ENTRY_KIND_REVIEW: {
        ReviewView r{e.id, case_id, h.author_key(), h.created_at(), false, {}, 0, h.created_at()};
        r.readable = key != nullptr && OpenBody(e.envelope, *key, &r.body).ok();
        const bool revision =
            target != nullptr &&
            std::any_of(target->reviews.begin(), target->reviews.end(),
                        [&](const ReviewView& earlier) { return earlier.reviewer == r.reviewer; });
        item.text = std::string(revision ? "revised their review of " : "reviewed ") + case_label +
                    (r.readable ? " (work-focused: " + FocusedWord(r.body.focused()) + ")" : "");
        if (target != nullptr) target->reviews.push_back(std::move(r));
        break;
      }
      case pb::ENTRY_KIND_FEEDBACK_REQUEST: {
        RequestView q{e.id, case_id, h.author_key(), h.created_at(), false, {}};
        q.readable = key != nullptr && OpenBody(e.envelope, *key, &q.body).ok();
        item.text = "asked for feedback on " + case_label;
        if (q.readable && !q.body.question().empty()) item.text += ": " + q.body.question();
        if (target != nullptr) target->requests.push_back(std::move(q));
        break;
      }
      case pb::ENTRY_KIND_RETRACTION:
        item.text = "withdrew case " + ShortId(case_id);
        break;
      case pb::ENTRY_KIND_MEMBERSHIP: {
        pb::MembershipBody body;
        item.text = ReadChainBody(e.envelope, &body).ok() ? MembershipText(group, body)
                                                          : "changed the membership";
        break;
      }
      case pb::ENTRY_KIND_KEY_EPOCH: {
        pb::KeyEpochBody body;
        if (ReadChainBody(e.envelope, &body).ok()) {
          item.text = "shared a new group key with " + std::to_string(body.sealed_keys_size()) +
                      (body.sealed_keys_size() == 1 ? " member" : " members");
        } else {
          item.text = "shared a group key";
        }
        break;
      }
      default:
        item.text = "wrote an entry of an unknown kind";
    }
    view.feed.push_back(std::move(item));
  }
  for (SharedCaseView& c : view.cases) KeepLatestReviewPerReviewer(c.reviews);
  // Entries written in the same millisecond (an add and its key_epoch) appear in chain order.
  std::map<std::string, size_t> chain_position;
  const auto& chain = group.ledger.resolved_chain();
  for (size_t i = 0; i < chain.size(); ++i) chain_position[chain[i]] = i;
  auto position = [&](const FeedItem& item) {
    auto it = chain_position.find(item.id);
    return it == chain_position.end() ? chain.size() : it->second;
  };
  std::stable_sort(view.feed.begin(), view.feed.end(), [&](const FeedItem& a, const FeedItem& b) {
    if (a.created_at != b.created_at) return a.created_at < b.created_at;
    return position(a) < position(b);
  });
  return view;
}

}  // namespace kring
