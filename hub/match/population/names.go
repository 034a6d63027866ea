package population

// The name and place lists the generator draws from: common Swedish, Norwegian and Danish given
// names and surnames (spelled with their national letters), and made-up streets in made-up
// postal areas. Lists are ordered from the most common; draws favour the start of a list (Zipf),
// so common names collide as they do in real registers.

type country struct {
	code         string
	male, female []string
	surnames     []string
	// prefixes and suffixes make the long tail of surnames (Sjöstedt, Haugland, Bjerregaard):
	// a register's common names are a minority of its surnames.
	prefixes, suffixes []string
	streets            []string
	postcodeFormat     string // fmt pattern for the postcode number
	postcodeBase       int
	postcodeSpan       int
}

var countries = []country{
	{
		code: "SE",
		male: []string{"Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas",
			"Daniel", "Fredrik", "Hans", "Bengt", "Mats", "Magnus", "Stefan", "Göran", "Björn", "Nils",
			"Ulf", "Håkan", "Jonas", "Martin", "Sven", "Åke", "Oskar", "Gustav", "Axel", "Olof",
			"Mattias", "Kjell", "Sören", "Rickard", "Christer", "Jörgen", "Emil", "Hugo", "Viktor", "Leif"},
		female: []string{"Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Kerstin", "Emma", "Ingrid",
			"Marie", "Malin", "Elin", "Jenny", "Birgitta", "Sofia", "Linnéa", "Inger", "Annika", "Monica",
			"Ulla", "Johanna", "Åsa", "Helena", "Margareta", "Camilla", "Ebba", "Maja", "Märta", "Elsa",
			"Sofie", "Ylva", "Britt", "Gunilla", "Agneta", "Cecilia", "Hanna", "Ida", "Astrid", "Linn"},
		surnames: []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
			"Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson",
			"Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
			"Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
			"Danielsson", "Håkansson", "Lundin", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson",
			"Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson",
			"Nordström", "Mårtensson", "Lundström", "Viklund", "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund",
			"Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström",
			"Sjögren", "Abrahamsson", "Falk", "Öberg", "Andreasson", "Blom", "Ek", "Månsson", "Strand", "Åkesson", "af Klint", "von Platen"},
		prefixes: []string{"Berg", "Lind", "Sjö", "Ek", "Holm", "Nord", "Sand", "Ström", "Dahl", "Lund", "Ros", "Björk", "Gran",
			"Hag", "Al", "Ask", "Fors", "Häll", "Stjern", "Wall", "Sten", "Kull", "Löv", "Mal", "Öst", "Väst", "Söder", "Norr", "Blom", "Lil"},
		suffixes: []string{"berg", "ström", "gren", "qvist", "lund", "man", "blad", "dahl", "holm", "stedt", "ling", "fors", "lin", "wall", "bäck"},
		streets: []string{"Storgatan", "Kyrkogatan", "Drottninggatan", "Skolgatan", "Järnvägsgatan", "Nygatan", "Parkvägen",
			"Ringvägen", "Industrigatan", "Björkvägen", "Villavägen", "Tallvägen", "Åsgatan", "Östra Långgatan", "Västra vägen",
			"Sjövägen", "Köpmangatan", "Stationsgatan", "Lärkvägen", "Ängsvägen"},
		postcodeFormat: "%03d %02d", postcodeBase: 11120, postcodeSpan: 8000,
	},
	{
		code: "NO",
		male: []string{"Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
			"Hans", "Geir", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "Rune",
			"Trond", "John", "Harald", "Jon", "Espen", "Anders", "Tore", "Øyvind", "Stian", "Håkon",
			"Jørgen", "Ørjan", "Sindre", "Magnus", "Eirik", "Torbjørn", "Ståle", "Aksel", "Sverre", "Halvor"},
		female: []string{"Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
			"Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin",
			"Tone", "Silje", "Gunn", "Hege", "Åse", "Ragnhild", "Synnøve", "Torill", "Grete", "Turid",
			"Sigrid", "Ingeborg", "Gro", "Heidi", "Mette", "Camilla", "Line", "Siri", "Tuva", "Sølvi"},
		surnames: []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
			"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
			"Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
			"Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
			"Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke",
			"Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen",
			"Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen",
			"Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen",
			"Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen", "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen", "Ødegård"},
		prefixes: []string{"Nord", "Sør", "Øst", "Vest", "Bakke", "Haug", "Fjell", "Sol", "Ås", "Li", "Skog", "Myr", "Stor", "Lille",
			"Berg", "Dal", "Strand", "Vik", "Hol", "Ro"},
		suffixes: []string{"heim", "li", "vik", "dal", "rud", "stad", "land", "nes", "bø", "sæter", "haug", "berg", "seth", "mo", "by"},
		streets: []string{"Storgata", "Kirkeveien", "Skoleveien", "Kongens gate", "Dronningens gate", "Sjøgata", "Parkveien",
			"Bjørkeveien", "Granveien", "Industriveien", "Nedre gate", "Øvre Slottsgate", "Fjellveien", "Løkkeveien", "Hagebyveien",
			"Solbakken", "Åsveien", "Stasjonsveien", "Markveien", "Nordre gate"},
		postcodeFormat: "%04d", postcodeBase: 150, postcodeSpan: 9000,
	},
	{
		code: "DK",
		male: []string{"Peter", "Jens", "Michael", "Lars", "Henrik", "Thomas", "Søren", "Jan", "Christian", "Martin",
			"Niels", "Anders", "Morten", "Jesper", "Mads", "Rasmus", "Per", "Hans", "Jørgen", "Ole",
			"Mikkel", "Kim", "Frederik", "Poul", "Steen", "Jakob", "Torben", "Kasper", "Bent", "Erik",
			"Allan", "Claus", "Flemming", "John", "Jørn", "Kristian", "Bjarne", "Preben", "Aage", "Carsten"},
		female: []string{"Anne", "Kirsten", "Mette", "Hanne", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne",
			"Lone", "Camilla", "Pia", "Louise", "Charlotte", "Inge", "Bente", "Tina", "Gitte", "Karen",
			"Jette", "Rikke", "Birgitte", "Ida", "Julie", "Sofie", "Emma", "Malene", "Dorthe", "Pernille",
			"Lærke", "Signe", "Sørine", "Bodil", "Grethe", "Else", "Kamilla", "Ulla", "Astrid", "Freja"},
		surnames: []string{"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen",
			"Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen",
			"Knudsen", "Jakobsen", "Jacobsen", "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt",
			"Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Mogensen",
			"Jespersen", "Nissen", "Lauridsen", "Kjær", "Jepsen", "Frandsen", "Østergaard", "Mathiasen", "Dam", "Bak",
			"Kjeldsen", "Carlsen", "Vestergaard", "Søndergaard", "Thygesen", "Bertelsen", "Lassen", "Bach", "Nørgaard", "Overgaard",
			"Dahl", "Bech", "Krogh", "Munk", "Juhl", "Christoffersen", "Bendtsen", "Høj", "Friis", "Brandt",
			"Bækgaard", "Bang", "Toft", "Winther", "Lindholm", "Berg", "Schou", "Kristoffersen", "Riis", "Holst",
			"Ravn", "Vinther", "Ahmed", "Storm", "Lindberg", "Skov", "Koch", "Ibsen", "Fogh", "Hjorth"},
		prefixes: []string{"Vester", "Øster", "Nør", "Sønder", "Lille", "Store", "Kirke", "Bjerre", "Hede", "Skov", "Holm", "Lund",
			"Dal", "Mølle", "Ager", "Bro", "Eng", "Sand", "Strand", "Bøge"},
		suffixes: []string{"gaard", "strup", "holm", "lund", "bæk", "skov", "by", "høj", "rup", "sted", "bjerg", "dal", "vig", "lev", "toft"},
		streets: []string{"Vestergade", "Østergade", "Nørregade", "Søndergade", "Kirkevej", "Skolevej", "Møllevej", "Bakkevej",
			"Stationsvej", "Engvej", "Birkevej", "Skovvej", "Åboulevard", "Strandvejen", "Lærkevej", "Havnegade", "Torvet",
			"Grønnegade", "Ny Adelgade", "Fælledvej"},
		postcodeFormat: "%04d", postcodeBase: 1000, postcodeSpan: 8900,
	},
}
