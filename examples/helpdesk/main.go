// Command helpdesk runs a day of a support desk on the desk library.
package main

import "fmt"

func main() {
	fmt.Println("desk helpdesk example")
}
