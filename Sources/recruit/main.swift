import Foundation
import RecruitCLI

exit(RecruitCLI.main(Array(CommandLine.arguments.dropFirst())))
