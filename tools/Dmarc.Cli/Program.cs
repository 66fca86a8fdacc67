using Dmarc.Cli;

return args.FirstOrDefault() switch
{
    "parse" => ParseCommand.Run(args[1..], Console.Out, Console.Error),
    "drop" => await DropCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "migrate-keys" => await MigrateKeysCommand.RunAsync(args[1..], Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dmarc parse <file|dir>... [--json]");
    Console.Error.WriteLine("       dmarc drop <file>... [--connection <storage connection string>] [--container inbound]");
    Console.Error.WriteLine("       dmarc migrate-keys [--connection <storage connection string>] [--prefix <resource prefix>]");
    return 2;
}
