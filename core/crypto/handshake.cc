#include "core/crypto/handshake.h"

#include <sodium.h>

#include <utility>

#include "core/i18n/messages.h"
#include "net.pb.h"

namespace kring {
namespace {

// Protocol labels, part of the wire format (i18n-ok: none of them is shown to anyone).
constexpr std::string_view kTranscriptLabel = "kring secure channel handshake v1";        // i18n-ok
constexpr std::string_view kResponderSignsLabel = "kring handshake v1: responder signs";  // i18n-ok
constexpr std::string_view kInitiatorSignsLabel = "kring handshake v1: initiator signs";  // i18n-ok
constexpr std::string_view kAuthKeyLabel = "kring handshake v1: auth key";                // i18n-ok
constexpr std::string_view kStreamKeyLabel = "kring handshake v1: stream key";            // i18n-ok
constexpr std::string_view kConfirmation = "kring handshake v1: accepted";                // i18n-ok
constexpr size_t kKxKeyBytes = crypto_kx_PUBLICKEYBYTES;

static_assert(crypto_kx_SESSIONKEYBYTES == kStreamKeyBytes);

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string BigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A 32-byte key for one purpose, derived from a crypto_kx session key with keyed BLAKE2b
// (a PRF), optionally bound to the transcript so far.
SecretBytes DeriveKey(const SecretBytes& session_key, std::string_view label,
                      std::string_view transcript = {}) {
  SecretBytes out(32);
  crypto_generichash_state st;
  crypto_generichash_init(&st, session_key.data(), session_key.size(), out.size());
  crypto_generichash_update(&st, U(label), label.size());
  crypto_generichash_update(&st, U(transcript), transcript.size());
  crypto_generichash_final(&st, out.data(), out.size());
  sodium_memzero(&st, sizeof st);
  return out;
}

std::string SignedText(std::string_view role_label, std::string_view transcript) {
  std::string text(role_label);
  text += '\0';
  text += transcript;
  return text;
}

// `what` is one of the crypto.handshake.what.* phrases.
Status Malformed(std::string_view what) {
  return Status::Network(i18n::Tr("crypto.handshake.malformed", {{"what", what}}));
}

Status FromRefusal(const pb::HandshakeRefusal& refusal, uint32_t our_version) {
  switch (refusal.reason()) {
    case pb::HandshakeRefusal::UNSUPPORTED_VERSION:
      return Status::Network(
          i18n::Tr("crypto.handshake.version",
                   {{"theirs", refusal.supported_version()}, {"ours", our_version}}));
    case pb::HandshakeRefusal::NOT_ACCEPTED:
      return Status::Network(i18n::Tr("crypto.handshake.refused_not_member"));
    case pb::HandshakeRefusal::BUSY:
      return Status::Network(i18n::Tr("crypto.handshake.refused_busy"));
    default:
      return Status::Network(i18n::Tr("crypto.handshake.refused"));
  }
}

std::string RefusalMessage(pb::HandshakeRefusal::Reason reason) {
  pb::HandshakeMessage msg;
  msg.mutable_refusal()->set_reason(reason);
  msg.mutable_refusal()->set_supported_version(kHandshakeVersion);
  return msg.SerializeAsString();
}

}  // namespace

struct Handshake::State {
  enum class Phase {
    kStart,
    kAwaitHello,
    kAwaitResponse,
    kAwaitFinish,
    kAwaitAccept,
    kComplete,
    kFailed
  };

  HandshakeRole role;
  HandshakeOptions options;
  Phase phase;

  std::string transcript;  // running BLAKE2b-256 over every field so far
  std::string our_ephemeral_pk;
  SecretBytes our_ephemeral_sk;
  SecretBytes key_i_to_r;  // crypto_kx session keys, by direction
  SecretBytes key_r_to_i;
  std::string peer_signing_key;
  std::string refusal;
  std::optional<StreamSealer> sealer;
  std::optional<StreamOpener> opener;

  State(HandshakeRole r, HandshakeOptions o)
      : role(r),
        options(std::move(o)),
        phase(r == HandshakeRole::kInitiator ? Phase::kStart : Phase::kAwaitHello),
        transcript(Blake2b256(kTranscriptLabel)) {}

  // Every field that matters goes into the transcript with its name and length, so two
  // different conversations can never hash alike, whatever the protobuf encoding looked like.
  void Mix(std::string_view name, std::string_view value) {
    std::string buf = transcript;
    buf += BigEndian32(static_cast<uint32_t>(name.size()));
    buf += name;
    buf += BigEndian32(static_cast<uint32_t>(value.size()));
    buf += value;
    transcript = Blake2b256(buf);
  }

  void NewEphemeral() {
    our_ephemeral_pk.assign(kKxKeyBytes, '\0');
    our_ephemeral_sk = SecretBytes(crypto_kx_SECRETKEYBYTES);
    crypto_kx_keypair(reinterpret_cast<unsigned char*>(our_ephemeral_pk.data()),
                      our_ephemeral_sk.data());
  }

  Status ComputeSessionKeys(std::string_view peer_ephemeral_pk) {
    key_i_to_r = SecretBytes(crypto_kx_SESSIONKEYBYTES);
    key_r_to_i = SecretBytes(crypto_kx_SESSIONKEYBYTES);
    int rc = 0;
    // crypto_kx calls the initiator the client: its tx key is the I->R key.
    if (role == HandshakeRole::kInitiator) {
      rc = crypto_kx_client_session_keys(key_r_to_i.data(), key_i_to_r.data(), U(our_ephemeral_pk),
                                         our_ephemeral_sk.data(), U(peer_ephemeral_pk));
    } else {
      rc = crypto_kx_server_session_keys(key_i_to_r.data(), key_r_to_i.data(), U(our_ephemeral_pk),
                                         our_ephemeral_sk.data(), U(peer_ephemeral_pk));
    }
    // The ephemeral secret has done its only job; drop it so a later compromise of this process
    // cannot recover the session keys.
    our_ephemeral_sk = SecretBytes();
    if (rc != 0) return Status::Integrity(i18n::Tr("crypto.handshake.bad_ephemeral_key"));
    return Status::Ok();
  }

  const SecretBytes& SendKey() const {
    return role == HandshakeRole::kInitiator ? key_i_to_r : key_r_to_i;
  }
  const SecretBytes& ReceiveKey() const {
    return role == HandshakeRole::kInitiator ? key_r_to_i : key_i_to_r;
  }

  // Our identity proof: signing key and a signature over role || transcript, sealed under the
  // handshake key of our sending direction with the transcript as associated data.
  std::string SealAuth(std::string_view role_label, std::string stream_header) {
    pb::HandshakeAuth auth;
    auth.set_signing_key(options.identity->public_key);
    auth.set_signature(Sign(options.identity->secret_key, SignedText(role_label, transcript)));
    auth.set_stream_header(std::move(stream_header));
    return AeadSeal(DeriveKey(SendKey(), kAuthKeyLabel), auth.SerializeAsString(), transcript);
  }

  // Opens and verifies the peer's identity proof, then applies the acceptance policy.
  Result<pb::HandshakeAuth> OpenAuth(std::string_view sealed, std::string_view role_label) {
    auto plain = AeadOpen(DeriveKey(ReceiveKey(), kAuthKeyLabel), sealed, transcript);
    if (!plain.ok()) {
      return Status::Integrity(i18n::Tr("crypto.handshake.proof_undecryptable"));
    }
    pb::HandshakeAuth auth;
    if (!auth.ParseFromString(*plain) || auth.signing_key().size() != kSignPublicKeyBytes) {
      return Status::Integrity(i18n::Tr("crypto.handshake.proof_malformed"));
    }
    if (!VerifySignature(auth.signing_key(), SignedText(role_label, transcript),
                         auth.signature())) {
      return Status::Integrity(i18n::Tr("crypto.handshake.bad_signature"));
    }
    if (sodium_memcmp(auth.signing_key().data(), options.identity->public_key.data(),
                      kSignPublicKeyBytes) == 0) {
      refusal = RefusalMessage(pb::HandshakeRefusal::NOT_ACCEPTED);
      return Status::Network(i18n::Tr("crypto.handshake.own_key"));
    }
    if (!options.accept_peer || !options.accept_peer(auth.signing_key())) {
      refusal = RefusalMessage(pb::HandshakeRefusal::NOT_ACCEPTED);
      return Status::Network(i18n::Tr("crypto.handshake.not_a_member",
                                      {{"fingerprint", Fingerprint(auth.signing_key())}}));
    }
    return auth;
  }

  Result<HandshakeStep> OnHello(const pb::HandshakeHello& hello) {
    if (hello.protocol() != kHandshakeProtocol) {
      return Malformed(i18n::Tr("crypto.handshake.what.unknown_greeting"));
    }
    if (hello.version() != options.version) {
      refusal = RefusalMessage(pb::HandshakeRefusal::UNSUPPORTED_VERSION);
      return Status::Network(i18n::Tr("crypto.handshake.version",
                                      {{"theirs", hello.version()}, {"ours", options.version}}));
    }
    if (hello.ephemeral_key().size() != kKxKeyBytes) {
      return Malformed(i18n::Tr("crypto.handshake.what.malformed_greeting"));
    }
    Mix("protocol", hello.protocol());
    Mix("version", BigEndian32(hello.version()));
    Mix("initiator ephemeral key", hello.ephemeral_key());  // i18n-ok: transcript label

    NewEphemeral();
    KRING_RETURN_IF_ERROR(ComputeSessionKeys(hello.ephemeral_key()));
    Mix("responder ephemeral key", our_ephemeral_pk);  // i18n-ok: transcript label
    std::string sealed = SealAuth(kResponderSignsLabel, {});
    Mix("responder auth", sealed);  // i18n-ok: transcript label

    pb::HandshakeMessage out;
    out.mutable_response()->set_ephemeral_key(our_ephemeral_pk);
    out.mutable_response()->set_sealed_auth(std::move(sealed));
    phase = Phase::kAwaitFinish;
    return HandshakeStep{out.SerializeAsString(), false};
  }

  Result<HandshakeStep> OnResponse(const pb::HandshakeResponse& response) {
    if (response.ephemeral_key().size() != kKxKeyBytes) {
      return Malformed(i18n::Tr("crypto.handshake.what.malformed_response"));
    }
    KRING_RETURN_IF_ERROR(ComputeSessionKeys(response.ephemeral_key()));
    Mix("responder ephemeral key", response.ephemeral_key());  // i18n-ok: transcript label
    KRING_ASSIGN_OR_RETURN(pb::HandshakeAuth auth,
                           OpenAuth(response.sealed_auth(), kResponderSignsLabel));
    peer_signing_key = auth.signing_key();
    Mix("responder auth", response.sealed_auth());  // i18n-ok: transcript label

    // The stream keys are bound to everything up to and including the responder's proof.
    std::string header;
    sealer.emplace(DeriveKey(SendKey(), kStreamKeyLabel, transcript), &header);
    SecretBytes receive_stream_key = DeriveKey(ReceiveKey(), kStreamKeyLabel, transcript);
    std::string sealed = SealAuth(kInitiatorSignsLabel, std::move(header));
    Mix("initiator auth", sealed);  // i18n-ok: transcript label
    // Kept until message 4 brings the responder's header.
    key_r_to_i = std::move(receive_stream_key);
    key_i_to_r = SecretBytes();

    pb::HandshakeMessage out;
    out.mutable_finish()->set_sealed_auth(std::move(sealed));
    phase = Phase::kAwaitAccept;
    return HandshakeStep{out.SerializeAsString(), false};
  }

  Result<HandshakeStep> OnFinish(const pb::HandshakeFinish& finish) {
    KRING_ASSIGN_OR_RETURN(pb::HandshakeAuth auth,
                           OpenAuth(finish.sealed_auth(), kInitiatorSignsLabel));
    // Stream keys use the transcript as the initiator saw it when deriving them.
    SecretBytes send_stream_key = DeriveKey(SendKey(), kStreamKeyLabel, transcript);
    KRING_ASSIGN_OR_RETURN(
        StreamOpener stream_in,
        StreamOpener::Create(DeriveKey(ReceiveKey(), kStreamKeyLabel, transcript),
                             auth.stream_header()));
    peer_signing_key = auth.signing_key();
    Mix("initiator auth", finish.sealed_auth());  // i18n-ok: transcript label
    key_i_to_r = SecretBytes();
    key_r_to_i = SecretBytes();

    std::string header;
    sealer.emplace(send_stream_key, &header);
    KRING_ASSIGN_OR_RETURN(std::string confirmation, sealer->Seal(kConfirmation, transcript));
    opener.emplace(std::move(stream_in));

    pb::HandshakeMessage out;
    out.mutable_accept()->set_stream_header(std::move(header));
    out.mutable_accept()->set_confirmation(std::move(confirmation));
    phase = Phase::kComplete;
    return HandshakeStep{out.SerializeAsString(), true};
  }

  Result<HandshakeStep> OnAccept(const pb::HandshakeAccept& accept) {
    KRING_ASSIGN_OR_RETURN(StreamOpener stream_in,
                           StreamOpener::Create(key_r_to_i, accept.stream_header()));
    key_r_to_i = SecretBytes();
    auto confirmed = stream_in.Open(accept.confirmation(), transcript);
    if (!confirmed.ok() || !confirmed->has_value() || **confirmed != kConfirmation) {
      return Status::Integrity(i18n::Tr("crypto.handshake.confirmation_failed"));
    }
    opener.emplace(std::move(stream_in));
    phase = Phase::kComplete;
    return HandshakeStep{{}, true};
  }

  Result<HandshakeStep> Dispatch(const pb::HandshakeMessage& msg) {
    if (msg.has_refusal()) return FromRefusal(msg.refusal(), options.version);
    switch (phase) {
      case Phase::kAwaitHello:
        if (msg.has_hello()) return OnHello(msg.hello());
        break;
      case Phase::kAwaitResponse:
        if (msg.has_response()) return OnResponse(msg.response());
        break;
      case Phase::kAwaitFinish:
        if (msg.has_finish()) return OnFinish(msg.finish());
        break;
      case Phase::kAwaitAccept:
        if (msg.has_accept()) return OnAccept(msg.accept());
        break;
      default:
        break;
    }
    return Malformed(i18n::Tr("crypto.handshake.what.out_of_order"));
  }
};

Handshake::Handshake(HandshakeRole role, HandshakeOptions options)
    : state_(std::make_unique<State>(role, std::move(options))) {}
Handshake::~Handshake() = default;
Handshake::Handshake(Handshake&&) noexcept = default;
Handshake& Handshake::operator=(Handshake&&) noexcept = default;

Result<std::string> Handshake::Start() {
  State& s = *state_;
  if (s.role != HandshakeRole::kInitiator || s.phase != State::Phase::kStart) {
    return Status::Usage("Handshake::Start is for a new initiator only");  // i18n-ok: a bug
  }
  if (!s.options.identity) return Status::Usage(i18n::Tr("crypto.handshake.no_identity"));
  s.NewEphemeral();
  pb::HandshakeMessage msg;
  pb::HandshakeHello* hello = msg.mutable_hello();
  hello->set_protocol(std::string(kHandshakeProtocol));
  hello->set_version(s.options.version);
  hello->set_ephemeral_key(s.our_ephemeral_pk);
  s.Mix("protocol", hello->protocol());
  s.Mix("version", BigEndian32(hello->version()));
  s.Mix("initiator ephemeral key", hello->ephemeral_key());  // i18n-ok: transcript label
  s.phase = State::Phase::kAwaitResponse;
  return msg.SerializeAsString();
}

Result<HandshakeStep> Handshake::Receive(std::string_view message) {
  State& s = *state_;
  if (s.phase == State::Phase::kFailed) {
    return Status::Network(i18n::Tr("crypto.handshake.already_failed"));
  }
  if (s.phase == State::Phase::kComplete || s.phase == State::Phase::kStart) {
    return Status::Usage(i18n::Tr("crypto.handshake.not_expected"));
  }
  if (!s.options.identity) return Status::Usage(i18n::Tr("crypto.handshake.no_identity"));
  pb::HandshakeMessage msg;
  Result<HandshakeStep> step =
      msg.ParseFromArray(message.data(), static_cast<int>(message.size()))
          ? s.Dispatch(msg)
          : Result<HandshakeStep>(Malformed(i18n::Tr("crypto.handshake.what.not_a_handshake")));
  if (!step.ok()) {
    s.phase = State::Phase::kFailed;
    // Nothing of a failed handshake may be used later.
    s.our_ephemeral_sk = SecretBytes();
    s.key_i_to_r = SecretBytes();
    s.key_r_to_i = SecretBytes();
    s.sealer.reset();
    s.opener.reset();
    s.peer_signing_key.clear();
  }
  return step;
}

HandshakeRole Handshake::role() const { return state_->role; }
bool Handshake::complete() const { return state_->phase == State::Phase::kComplete; }
const std::string& Handshake::refusal() const { return state_->refusal; }
const std::string& Handshake::peer_signing_key() const { return state_->peer_signing_key; }
const std::string& Handshake::transcript_hash() const { return state_->transcript; }

Result<ChannelCipher> Handshake::TakeCipher() {
  State& s = *state_;
  if (s.phase != State::Phase::kComplete || !s.sealer || !s.opener) {
    return Status::Usage(i18n::Tr("crypto.handshake.incomplete"));
  }
  ChannelCipher cipher(std::move(*s.sealer), std::move(*s.opener));
  s.sealer.reset();
  s.opener.reset();
  return cipher;
}

}  // namespace kring
