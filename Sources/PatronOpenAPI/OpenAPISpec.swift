import Foundation

/// The contract itself, served at `/openapi.yaml` so clients always read the spec the server was built from.
public enum OpenAPISpec {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else { return [] }
        return [UInt8](data)
    }()
}
