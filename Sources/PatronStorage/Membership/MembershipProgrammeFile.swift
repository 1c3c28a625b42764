import Foundation
import PatronCore

/// The programme as a JSON file, the same form `GET /membership/programme` answers, so operators can keep it
/// in version control and load it at start (`--membership-programme`).
public enum MembershipProgrammeFile {
    public static func load(_ path: String) throws -> MembershipProgramme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatronError.invalid(field: "membershipProgramme", message: "cannot read the programme file \(path)")
        }
        let programme = try decode(data, source: path)
        try programme.validate()
        return programme
    }

    /// Reads the JSON form without checking the programme's rules (the service does that when saving), so the
    /// console can show a syntax mistake and a rule broken as two different messages.
    public static func decode(_ data: Data, source: String) throws -> MembershipProgramme {
        do {
            return try JSONDecoder.membership.decode(MembershipProgramme.self, from: data)
        } catch let error as PatronError {
            throw error
        } catch {
            throw PatronError.invalid(field: "membershipProgramme", message: "\(source) is not a valid programme: \(error)")
        }
    }

    public static func encode(_ programme: MembershipProgramme) throws -> String {
        String(decoding: try JSONEncoder.membership.encode(programme), as: UTF8.self)
    }
}
