#include "tests/support/bundle_fixture.h"

#include "core/crypto/identity.h"
#include "core/groups/bundle.h"
#include "core/groups/group_book.h"
#include "core/groups/group_writer.h"

namespace kring::testing {

pb::CaseReflection NumberedCase(size_t i) {
  pb::CaseReflection reflection;
  reflection.set_title("Casus " + std::to_string(i));
  reflection.set_situation("[PERSOON-1] bereidt gesprek " + std::to_string(i) +
                           " voor met het team; de context is een reorganisatie.");
  reflection.set_learned("Eerst de vraag achter de vraag verkennen (" + std::to_string(i) + ").");
  return reflection;
}

Result<LargeBundle> BuildLargeBundle(Node& author, const Node& member, size_t cases) {
  GroupBook book(author);
  KRING_ASSIGN_OR_RETURN(std::string group_id, book.Create("Crash group"));
  KRING_ASSIGN_OR_RETURN(LoadedGroup group, book.Load(group_id));
  pb::PublicIdentity newcomer =
      MakePublicIdentity(member.signing_public_key(), member.sealing_public_key(),
                         member.signing_secret_key(), member.alias());
  const uint64_t now = static_cast<uint64_t>(NowMillis());
  KRING_ASSIGN_OR_RETURN(auto added,
                         AddMember(group.ledger, group.keys, book.Me(), author.signing_secret_key(),
                                   newcomer, pb::ROLE_COACH, now));
  KRING_RETURN_IF_ERROR(book.Append(group, added));
  KRING_ASSIGN_OR_RETURN(group, book.Load(group_id));
  KRING_ASSIGN_OR_RETURN(std::vector<pb::Entry> entries, book.ExportEntries(group_id));
  for (size_t i = 0; i < cases; ++i) {
    // One millisecond apart, after the membership change (never before the group existed).
    const uint64_t at = now + 1 + i;
    KRING_ASSIGN_OR_RETURN(
        pb::Entry entry, ShareCase(group.ledger, group.keys, book.Me(), author.signing_secret_key(),
                                   NumberedCase(i), at));
    entries.push_back(std::move(entry));
  }
  LargeBundle bundle;
  bundle.group_id = group_id;
  bundle.entries = entries.size();
  bundle.cases = cases;
  bundle.bytes = WriteBundle(group_id, entries);
  return bundle;
}

}  // namespace kring::testing
