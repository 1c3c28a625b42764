import Foundation
import PatronCore

/// The programme as a JSON file, the same form `GET /membership/programme` answers, so operators can keep it
/// in version control and load it at start (`--membership-programme`).
public enum MembershipProgrammeFile {
    public static func load(_ path: String) throws -> MembershipProgramme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatronError.invalid(field: "membershipProgramme", message: "cannot read the programme file \(path)")
        }
        let programme: MembershipProgramme
        do {
            programme = try JSONDecoder.membership.decode(MembershipProgramme.self, from: data)
        } catch let error as PatronError {
            throw error
        } catch {
            throw PatronError.invalid(field: "membershipProgramme", message: "\(path) is not a valid programme: \(error)")
        }
        try programme.validate()
        return programme
    }

    public static func encode(_ programme: MembershipProgramme) throws -> String {
        String(decoding: try JSONEncoder.membership.encode(programme), as: UTF8.self)
    }
}
