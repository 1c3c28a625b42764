import Foundation

/// The anonymous suggestion box: public submission and status lookup (no caller — anyone may write in, and
/// the code alone shows a suggestion's status), and moderation with `suggestions.moderate`.
public struct SuggestionService: Sendable {
    let suggestions: any SuggestionRepository
    let gateway: any MessageGateway
    let secrets: any SecretIssuer
    /// Submissions per client address and window; each submission counts, so a flood from one address gets
    /// 429 while every other address still gets through.
    let throttle: AddressThrottle

    /// Readable and unambiguous: no 0/O, 1/I/L.
    static let codeAlphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public init(suggestions: any SuggestionRepository, gateway: any MessageGateway, secrets: any SecretIssuer, throttle: AddressThrottle) {
        self.suggestions = suggestions
        self.gateway = gateway
        self.secrets = secrets
        self.throttle = throttle
    }

    /// Takes a suggestion from the public form or API. No caller: anonymous by design. `clientAddress` nil
    /// (in-process tests) is not limited, as for sign-in. The receipt's code is shown once and stored only
    /// as a digest.
    public func submit(_ draft: SuggestionDraft, clientAddress: String?, now: Date = Date()) async throws -> SuggestionReceipt {
        try Validate.text(draft.text, field: "text", maxLength: Suggestion.textLength.upperBound)
        guard draft.text.trimmingCharacters(in: .whitespacesAndNewlines).count >= Suggestion.textLength.lowerBound else {
            throw PatronError.invalid(field: "text", message: "please write at least \(Suggestion.textLength.lowerBound) characters")
        }
        var contact: SuggestionContact?
        if let raw = draft.contact?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard raw.count <= 254 else { throw PatronError.invalid(field: "contact", message: "contact must be at most 254 characters") }
            contact = try SuggestionContact(parsing: raw)
        }
        if let clientAddress { try await throttle.admit(clientAddress, now: now) }
        let code = Self.newCode()
        let suggestion = Suggestion(text: draft.text, category: draft.category, storeId: draft.storeId, contact: contact, createdAt: now)
        try await suggestions.insert(suggestion, codeDigest: secrets.digest(code))
        return SuggestionReceipt(code: code, status: suggestion.status, createdAt: now)
    }

    /// The status behind a code. No caller: the code is the authority and shows only status and reply.
    public func status(code: String) async throws -> SuggestionStatusView {
        guard let normalised = Self.normalise(code), let suggestion = try await suggestions.find(codeDigest: secrets.digest(normalised)) else {
            throw PatronError.notFound(resource: "suggestion", id: "with this code")
        }
        return SuggestionStatusView(status: suggestion.status, category: suggestion.category, publicReply: suggestion.publicReply,
                                    createdAt: suggestion.createdAt, updatedAt: suggestion.updatedAt)
    }

    public func list(_ filter: SuggestionFilter, page: PageRequest, by caller: Caller) async throws -> Page<Suggestion> {
        try caller.require(.suggestionsModerate)
        return try await suggestions.list(filter, page: page)
    }

    public func find(_ id: Suggestion.ID, by caller: Caller) async throws -> Suggestion {
        try caller.require(.suggestionsModerate)
        return try await existing(id)
    }

    /// Reviews, accepts, rejects, routes to a department, replies or closes. Routing moves a new or reviewed
    /// suggestion to `routed`; a reply moves it to `answered` and, when the submitter left a contact, goes
    /// out through the gateway — they left it for exactly this, so the reply needs no further consent.
    public func moderate(_ id: Suggestion.ID, _ change: SuggestionChange, by caller: Caller, now: Date = Date()) async throws -> Suggestion {
        try caller.require(.suggestionsModerate)
        var suggestion = try await existing(id)
        if let status = change.status, status == .received, suggestion.status != .received {
            throw PatronError.invalid(field: "status", message: "a suggestion cannot go back to received")
        }
        if let department = change.department {
            suggestion.department = department
            if [.received, .inReview].contains(suggestion.status) { suggestion.status = .routed }
        }
        var reply: String?
        if let text = change.publicReply {
            try Validate.text(text, field: "publicReply", maxLength: 2_000)
            suggestion.publicReply = text
            suggestion.status = .answered
            reply = text
        }
        if let status = change.status { suggestion.status = status }
        if let reply, let contact = suggestion.contact {
            _ = try await gateway.send(OutboundMessage(channel: contact.channel, purpose: .suggestionReply, customerId: nil, recipient: contact.value,
                                                       subject: "Re: suggestion", body: reply, language: "zh-CN"))
            suggestion.replySent = true
        }
        suggestion.updatedAt = now
        try await suggestions.update(suggestion)
        return suggestion
    }

    func existing(_ id: Suggestion.ID) async throws -> Suggestion {
        guard let suggestion = try await suggestions.find(id) else { throw PatronError.notFound(resource: "suggestion", id: id.uuidString.lowercased()) }
        return suggestion
    }

    /// `S-7KQ2-M9XD`: 8 random characters of a 31-letter alphabet (about 40 bits).
    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<8).map { _ in codeAlphabet.randomElement(using: &generator)! }
        return "S-\(String(characters[0..<4]))-\(String(characters[4..<8]))"
    }

    /// Accepts the code as typed: any case, with or without the dashes and the `S`; nil for anything else.
    static func normalise(_ code: String) -> String? {
        guard code.count <= 32 else { return nil }
        var letters = code.uppercased().filter { $0.isLetter || $0.isNumber }
        if letters.count == 9, letters.hasPrefix("S") { letters.removeFirst() }
        guard letters.count == 8, letters.allSatisfy({ codeAlphabet.contains($0) }) else { return nil }
        let characters = Array(letters)
        return "S-\(String(characters[0..<4]))-\(String(characters[4..<8]))"
    }
}
