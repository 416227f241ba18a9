package controllers

func checkToken() {
	Expect(string(testSecret.Data["token"])).To(Equal("my-token"))
	Expect(string(testSecret.Data["name"])).To(Equal("«rnd alnum 24»"))
}
