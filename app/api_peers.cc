// "Peers and sync": who was reached when, what moved, errors in plain words, "sync now", and
// what colleagues need to reach this node.
#include "app/web_server.h"
#include "core/i18n/format.h"
#include "core/i18n/messages.h"
#include "proto/app.pb.h"

namespace kring::app {
namespace {

using i18n::Tr;

pb::app::PeersView PeersOf(NodeSession& s) {
  pb::app::PeersView view;
  const Language language = i18n::CurrentLanguage();
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
}

}  // namespace kring::app
