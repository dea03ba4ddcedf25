using CustomerioTrack.Mcp;

return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariables());
