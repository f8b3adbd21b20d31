using System.Text;
using Studio.Cli;

try
{
    Console.OutputEncoding = Encoding.UTF8;
}
catch (IOException)
{
    // Some hosts do not let a process change the console encoding; UTF-8 is the default on Linux anyway.
}
return StudioCli.Run(args, Console.In, Console.Out, Console.Error);
