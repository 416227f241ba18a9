package controllers

func checkToken() {
	Expect(string(testSecret.Data["token"])).To(Equal("«rnd alnum 64»"))
}
