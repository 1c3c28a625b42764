import Foundation

/// Persistence for suggestions. The status code is stored only as its digest, like the survey tokens.
public protocol SuggestionRepository: Sendable {
    func insert(_ suggestion: Suggestion, codeDigest: String) async throws
    func find(_ id: Suggestion.ID) async throws -> Suggestion?
    func find(codeDigest: String) async throws -> Suggestion?
    /// Newest first.
    func list(_ filter: SuggestionFilter, page: PageRequest) async throws -> Page<Suggestion>
    func update(_ suggestion: Suggestion) async throws
}
