import RecruitCLI
RecruitCommand.main()
