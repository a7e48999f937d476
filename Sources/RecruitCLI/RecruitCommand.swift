import ArgumentParser
import Recruiting
public struct RecruitCommand: ParsableCommand {
    public init() {}
    public func run() throws { print(libpqVersion(), sqlDir() as Any) }
}
