#include "core/groups/group_view.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/i18n/messages.h"

namespace kring {
namespace {

std::string FocusedWord(pb::Focused f) {
  switch (f) {
    case pb::FOCUSED_YES:
      return i18n::Tr("groups.focused.yes");
    case pb::FOCUSED_PARTLY:
      return i18n::Tr("groups.focused.partly");
    case pb::FOCUSED_NO:
      return i18n::Tr("groups.focused.no");
    default:
      return "?";
  }
}

// A role as a word in the feed: "coach" / "coach", "admin" / "beheerder".
std::string RoleWord(pb::Role role) {
  switch (role) {
    case pb::ROLE_ADMIN:
      return i18n::Tr("groups.role.admin");
    case pb::ROLE_COACH:
      return i18n::Tr("groups.role.coach");
    case pb::ROLE_SUPERVISOR:
      return i18n::Tr("groups.role.supervisor");
    default:
      return i18n::Tr("groups.role.none");
  }
}

// What a feed item says after the author's name ("Anna" + " added Bram as coach (...)").
std::string MembershipText(const LoadedGroup& group, const pb::MembershipBody& body) {
  const std::string who = group.Alias(body.member_signing_key());
  switch (body.action()) {
    case pb::MEMBERSHIP_ACTION_CREATE:
      return i18n::Tr("groups.feed.created");
    case pb::MEMBERSHIP_ACTION_ADD:
      return i18n::Tr("groups.feed.added",
                      {{"who", who},
                       {"role", RoleWord(body.role())},
                       {"fingerprint", Fingerprint(body.member_signing_key())}});
    case pb::MEMBERSHIP_ACTION_REMOVE:
      return i18n::Tr("groups.feed.removed", {{"who", who}});
    case pb::MEMBERSHIP_ACTION_LEAVE:
      return i18n::Tr("groups.feed.left");
    case pb::MEMBERSHIP_ACTION_ROLE_CHANGE:
      return i18n::Tr("groups.feed.made", {{"who", who}, {"role", RoleWord(body.role())}});
    case pb::MEMBERSHIP_ACTION_PROFILE:
      return i18n::Tr("groups.feed.renamed");
    case pb::MEMBERSHIP_ACTION_MAILBOX:
      return body.sealed_profile().empty()
                 ? i18n::Tr("groups.feed.mailbox_stopped")
                 : i18n::Tr("groups.feed.mailbox",
                            {{"fingerprint", Fingerprint(body.member_signing_key())}});
    default:
      return i18n::Tr("groups.feed.membership");
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
                                 : i18n::Tr("groups.feed.case_label", {{"id", ShortId(case_id)}});
    switch (h.kind()) {
      case pb::ENTRY_KIND_CASE: {
        SharedCaseView* c = &view.cases[case_index[e.id]];
        item.text = c->retracted ? i18n::Tr("groups.feed.shared_withdrawn", {{"id", ShortId(e.id)}})
                    : c->readable
                        ? i18n::Tr("groups.feed.shared",
                                   {{"id", ShortId(e.id)}, {"title", c->reflection.title()}})
                        : i18n::Tr("groups.feed.shared_unreadable", {{"id", ShortId(e.id)}});
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
        item.text = i18n::Tr("groups.feed.revised", {{"case", case_label}});
        break;
      }
      case pb::ENTRY_KIND_REVIEW: {
        ReviewView r{e.id, case_id, h.author_key(), h.created_at(), false, {}, 0, h.created_at()};
        r.readable = key != nullptr && OpenBody(e.envelope, *key, &r.body).ok();
        const bool revision =
            target != nullptr &&
            std::any_of(target->reviews.begin(), target->reviews.end(),
                        [&](const ReviewView& earlier) { return earlier.reviewer == r.reviewer; });
        if (r.readable) {
          item.text = i18n::Tr(
              revision ? "groups.feed.review_revised_focused" : "groups.feed.reviewed_focused",
              {{"case", case_label}, {"focused", FocusedWord(r.body.focused())}});
        } else {
          item.text = i18n::Tr(revision ? "groups.feed.review_revised" : "groups.feed.reviewed",
                               {{"case", case_label}});
        }
        if (target != nullptr) target->reviews.push_back(std::move(r));
        break;
      }
      case pb::ENTRY_KIND_FEEDBACK_REQUEST: {
        RequestView q{e.id, case_id, h.author_key(), h.created_at(), false, {}};
        q.readable = key != nullptr && OpenBody(e.envelope, *key, &q.body).ok();
        item.text = q.readable && !q.body.question().empty()
                        ? i18n::Tr("groups.feed.asked_question",
                                   {{"case", case_label}, {"question", q.body.question()}})
                        : i18n::Tr("groups.feed.asked", {{"case", case_label}});
        if (target != nullptr) target->requests.push_back(std::move(q));
        break;
      }
      case pb::ENTRY_KIND_RETRACTION:
        item.text = i18n::Tr("groups.feed.withdrew", {{"id", ShortId(case_id)}});
        break;
      case pb::ENTRY_KIND_MEMBERSHIP: {
        pb::MembershipBody body;
        item.text = ReadChainBody(e.envelope, &body).ok() ? MembershipText(group, body)
                                                          : i18n::Tr("groups.feed.membership");
        break;
      }
      case pb::ENTRY_KIND_KEY_EPOCH: {
        pb::KeyEpochBody body;
        if (ReadChainBody(e.envelope, &body).ok()) {
          item.text = i18n::Tr("groups.feed.new_key", {{"n", body.sealed_keys_size()}});
        } else {
          item.text = i18n::Tr("groups.feed.key");
        }
        break;
      }
      default:
        item.text = i18n::Tr("groups.feed.unknown");
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
