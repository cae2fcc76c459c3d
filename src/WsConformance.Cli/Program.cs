System.Console.WriteLine("wsconf");
