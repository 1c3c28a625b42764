import PatronCore
import PatronStorage
import Testing

struct DatabaseURLTests {
    @Test func pathsAndURLsSelectTheEngine() throws {
        #expect(try DatabaseURL(nil) == .sqlite(path: "./patron.sqlite"))
        #expect(try DatabaseURL("") == .sqlite(path: "./patron.sqlite"))
        #expect(try DatabaseURL("/var/lib/patron/db.sqlite") == .sqlite(path: "/var/lib/patron/db.sqlite"))
        #expect(try DatabaseURL("sqlite:data/p.sqlite") == .sqlite(path: "data/p.sqlite"))
        #expect(try DatabaseURL("sqlite:///abs/p.sqlite") == .sqlite(path: "/abs/p.sqlite"))
        #expect(try DatabaseURL("postgres://u:p@db:5432/patron").engine == .postgres)
        #expect(try DatabaseURL("postgresql://u@db/patron").engine == .postgres)
    }

    @Test func unknownSchemesAreRejectedWithTheFieldNamed() {
        #expect(throws: PatronError.self) { try DatabaseURL("mysql://u:secret@db/patron") }
        do { _ = try DatabaseURL("mysql://u:secret@db/patron") } catch {
            #expect(error.field == "PATRON_DATABASE_URL")
            #expect(!error.message.contains("secret"))
        }
        #expect(throws: PatronError.self) { try DatabaseURL("sqlite:") }
    }

    @Test func descriptionsNeverShowThePassword() throws {
        #expect(try DatabaseURL("postgres://patron:hunter2@db:5432/patron").description == "postgres://patron:***@db:5432/patron")
    }
}
