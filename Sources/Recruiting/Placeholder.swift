import Foundation
import CLibPQ
public func sqlDir() -> URL? { Bundle.module.url(forResource: "sql", withExtension: nil) }
public func libpqVersion() -> Int32 { PQlibVersion() }
