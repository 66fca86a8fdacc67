using Dmarc.Cli;

if (args.Length == 0 || args[0] != "parse")
{
    Console.Error.WriteLine("usage: dmarc parse <file|dir>... [--json]");
    return 2;
}

return ParseCommand.Run(args[1..], Console.Out, Console.Error);
