import Foundation
import PatronCore

/// The CDNOW summary the BG/NBD and Gamma-Gamma papers were estimated on, kept in the repository
/// (Tests/Fixtures, provenance in its README) so the tests run wherever the repository is cloned. A missing file
/// fails the tests rather than skipping them. PATRON_SHARED_DATA may name another folder holding the same file.
enum CDNOWData {
    static let fileName = "cdnow_customers_summary.csv"

    static var url: URL {
        if let shared = ProcessInfo.processInfo.environment["PATRON_SHARED_DATA"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent(fileName)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(fileName)
    }

    static func load() throws -> [PurchaseSummary] {
        try PurchaseSummaryCSV.parse(String(contentsOf: url, encoding: .utf8))
    }
}
