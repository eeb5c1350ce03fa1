using Sodimo.Crm.McpHost.Hosting;

return await McpHostApp.RunAsync(args).ConfigureAwait(false);
