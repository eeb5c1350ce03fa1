Console.Error.WriteLine("Sodimo.Crm: this host is being built; see README.md.");
return 2;
