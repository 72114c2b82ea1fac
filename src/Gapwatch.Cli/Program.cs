using Gapwatch.Cli;
using Spectre.Console;

return GapwatchCli.Run(args, new CliContext(Console.Out, Console.Error, AnsiConsole.Console, TimeProvider.System));
