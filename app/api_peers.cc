// "Peers and sync": who was reached when, what moved, errors in plain words, "sync now", and
// what colleagues need to reach this node.
#include <algorithm>
#include <chrono>

#include "app/web_server.h"
#include "cli/peer_sync.h"
#include "core/base/ascii.h"
#include "core/crypto/crypto.h"
#include "core/focus/focus_report.h"
#include "core/groups/group_book.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "core/store/store.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

constexpr std::chrono::seconds kDiscoverFor{6};

Result<pb::app::PeersView> PeersOf(NodeSession& s) {
  pb::app::PeersView view;
  const Language language = i18n::CurrentLanguage();
  GroupBook book(s.node);
  KRING_ASSIGN_OR_RETURN(auto rows, s.node.store().ListPeers());
  for (const PeerRow& row : rows) {
    pb::app::KnownPeerView* known = view.add_known();
    known->set_id(row.id);
    known->set_address(row.address);
    known->set_who(SanitiseForDisplay(cli::PeerOwner(book, row)));
    if (!row.signing_key.empty()) known->set_key(cli::FormatStoredKey(row.signing_key));
    known->set_last_text(cli::PeerLastSyncText(row));
    known->set_error(SanitiseForDisplay(row.last_error));
    if (!row.label.empty()) {
      auto id = FromHex(row.label);
      if (id.ok()) {
        auto g = book.Load(*id);
        if (g.ok()) known->set_group(SanitiseForDisplay(g->Name()));
      }
    }
  }
  for (const cli::PeerRoundOutcome& p : s.server.last_round()) {
    pb::app::PeerView* peer = view.add_peers();
    peer->set_address(p.address);
    peer->set_who(p.who);
    peer->set_mailbox(p.mailbox);
    peer->set_ok(p.ok);
    peer->set_error(p.error);
    for (const std::string& line : p.moved) peer->add_moved(line);
    peer->set_at_text(i18n::FormatDateTime(language, p.at_ms));
  }
  view.set_running(s.server.round_running());
  view.set_how_to_reach(s.server.HowToReachText());
  view.set_listening(s.server.listen_address());
  view.set_last_round_text(s.server.last_round_at_ms() == 0
                               ? Tr("web.peers.no_round_yet")
                               : i18n::FormatDateTime(language, s.server.last_round_at_ms()));
  return view;
}

}  // namespace

void AddPeerRoutes(Api& api) {
  api.Get<pb::app::Done, pb::app::PeersView>(
      "/api/peers", [](NodeSession& s, const pb::app::Done&) -> Result<pb::app::PeersView> {
        return PeersOf(s);
      });
  api.Post<pb::app::Done, pb::app::PeersView>(
      "/api/sync", [](NodeSession& s, const pb::app::Done&) -> Result<pb::app::PeersView> {
        s.server.SyncSoon();
        return PeersOf(s);
      });
  // kring peer add HOST:PORT [--key FINGERPRINT]: a colleague's node, tried in the next round
  // (which starts at once).
  api.Post<pb::app::PeerAddRequest, pb::app::PeersView>(
      "/api/peer/add",
      [](NodeSession& s, const pb::app::PeerAddRequest& r) -> Result<pb::app::PeersView> {
        const std::string address(TrimAscii(r.address()));
        KRING_RETURN_IF_ERROR(cli::ParseHostPort(address).status());
        std::string key;
        if (!TrimAscii(r.key()).empty()) {
          KRING_ASSIGN_OR_RETURN(key, cli::ParsePeerKey(TrimAscii(r.key())));
        }
        KRING_ASSIGN_OR_RETURN(bool existed, cli::AddPeerRow(s.node, "", address, key));
        s.server.SyncSoon();
        KRING_ASSIGN_OR_RETURN(pb::app::PeersView view, PeersOf(s));
        view.set_message(cli::PeerAddedText(address, key, existed));
        return view;
      });
  // kring peer discover --add: listens a little longer than the announcers' interval (5 s), so
  // that every colleague announcing a shared group is heard once. The page waits meanwhile.
  api.Post<pb::app::Done, pb::app::PeersView>(
      "/api/peer/discover", [](NodeSession& s, const pb::app::Done&) -> Result<pb::app::PeersView> {
        KRING_ASSIGN_OR_RETURN(std::vector<cli::FoundPeer> found,
                               cli::DiscoverPeers(s.node, kDiscoverFor, /*add=*/true));
        int added = 0;
        for (const cli::FoundPeer& f : found) added += f.added ? 1 : 0;
        if (added > 0) s.server.SyncSoon();
        KRING_ASSIGN_OR_RETURN(pb::app::PeersView view, PeersOf(s));
        if (found.empty()) {
          view.set_message(
              Tr("web.peers.discover_none", {{"n", static_cast<int64_t>(kDiscoverFor.count())}}));
        } else {
          std::string names;
          for (const cli::FoundPeer& f : found) {
            names += (names.empty() ? "" : "; ") + f.address + " (" + f.groups + ")";
          }
          view.set_message(
              SanitiseForDisplay(Tr("web.peers.discover_found",
                                    {{"n", found.size()}, {"added", added}, {"found", names}})));
        }
        return view;
      });
  api.Post<pb::app::PeerRemoveRequest, pb::app::PeersView>(
      "/api/peer/remove",
      [](NodeSession& s, const pb::app::PeerRemoveRequest& r) -> Result<pb::app::PeersView> {
        KRING_ASSIGN_OR_RETURN(auto rows, s.node.store().ListPeers());
        const bool found = std::any_of(rows.begin(), rows.end(),
                                       [&](const PeerRow& row) { return row.id == r.id(); });
        if (!found) return Status::User(Tr("web.peers.unknown"));
        KRING_RETURN_IF_ERROR(s.node.store().RemovePeer(r.id()));
        KRING_ASSIGN_OR_RETURN(pb::app::PeersView view, PeersOf(s));
        view.set_message(Tr("web.peers.removed"));
        return view;
      });
}

}  // namespace kring::app
